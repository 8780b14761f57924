package io.clothify.function.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.handler.HttpRequest;
import io.clothify.function.handler.HttpResponse;
import io.clothify.function.handler.PredictHandler;
import io.clothify.function.handler.PredictionService;
import io.clothify.function.intake.IntakeLimits;
import io.clothify.function.loading.ArtifactLoaders;
import io.clothify.function.loading.ArtifactStore;
import io.clothify.function.loading.ModelLocator;
import io.clothify.function.loading.ModelManager;
import io.clothify.function.testing.TestImages;
import io.clothify.function.testing.TestModels;
import io.clothify.function.testing.TestServices;
import io.clothify.model.Classification;
import io.clothify.model.Classifier;
import io.clothify.model.InputSpec;
import io.clothify.model.Prediction;
import io.clothify.model.contract.ArtifactException;
import io.clothify.model.contract.TarGz;
import io.clothify.model.image.ImageDecoder;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.PixelImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The second artifact kind: a real SavedModel (serving_default signature, NHWC float input, a dense softmax layer),
 * written by TensorFlow Java (the TF 2.16.1 that tensorflow-engine 0.35.1 runs), served through DJL's TensorFlow
 * engine and checked against the same network computed by hand in Java.
 */
class SavedModelClassifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 8;

    @TempDir
    static Path temp;
    private static float[][] weights;
    private static float[] bias;
    private static InputSpec rgb;

    @BeforeAll
    static void buildSavedModels() throws Exception {
        TensorFlowNatives.ensureLibraryPath();
        Engine.getEngine("TensorFlow"); // load the natives once, the way serving does
        rgb = new InputSpec(SIZE, SIZE, 3, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5), 1.0);
        Random random = new Random(11);
        weights = new float[SIZE * SIZE * 3][TestModels.CLOTHING.size()];
        for (float[] row : weights) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian() * 0.3f;
            }
        }
        bias = new float[TestModels.CLOTHING.size()];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = j * 0.01f;
        }
        export(temp.resolve("probabilities"), true);
        export(temp.resolve("logits"), false);
    }

    /** A Keras-like dense classifier: flatten(NHWC) x W + b, then softmax (or raw logits). */
    private static void export(Path dir, boolean softmax) throws Exception {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
            Operand<TFloat32> flat = tf.reshape(input, tf.constant(new int[] {-1, SIZE * SIZE * 3}));
            Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(flat, tf.constant(weights)), tf.constant(bias));
            Operand<TFloat32> output = softmax ? tf.nn.softmax(logits) : logits;
            Signature signature = Signature.builder().key("serving_default").input("input_1", input)
                    .output(softmax ? "dense" : "logits", output).build();
            SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature, session))
                    .export();
        }
        new SavedModelMetadata("keras-dense", softmax ? "keras-1" : "keras-logits", TestModels.CLOTHING, rgb,
                softmax, null).write(dir);
    }

    /** The same network in plain Java, on the tensor the shared pipeline makes, in NHWC order. */
    private static float[] expected(PixelImage image) {
        float[] hwc = SavedModelClassifier.toHwc(new ImagePipeline(rgb).evalTensor(image), 3, SIZE, SIZE);
        double[] logits = new double[bias.length];
        for (int j = 0; j < bias.length; j++) {
            double sum = bias[j];
            for (int i = 0; i < hwc.length; i++) {
                sum += hwc[i] * weights[i][j];
            }
            logits[j] = sum;
        }
        double max = java.util.Arrays.stream(logits).max().orElseThrow();
        double total = 0;
        float[] p = new float[logits.length];
        for (int j = 0; j < logits.length; j++) {
            p[j] = (float) Math.exp(logits[j] - max);
            total += p[j];
        }
        for (int j = 0; j < p.length; j++) {
            p[j] /= (float) total;
        }
        return p;
    }

    @Test
    void servesTheSavedModelLikeTheSameNetworkComputedByHand() {
        PixelImage image = ImageDecoder.decode(TestImages.photo("t-shirt.jpg"), 3, 0, 0).image();
        float[] want = expected(image);
        for (String kind : List.of("probabilities", "logits")) {
            try (Classifier classifier = ArtifactLoaders.detecting().load(temp.resolve(kind))) {
                assertEquals("savedmodel", classifier.info().kind());
                Classification result = classifier.classify(image);
                float[] got = new float[want.length];
                for (Prediction p : result.predictions()) {
                    got[TestModels.CLOTHING.indexOf(p.label())] = (float) p.probability();
                }
                assertArrayEquals(want, got, 1e-4f, kind);
            }
        }
    }

    @Test
    void hwcTransposeMovesChannelsLast() {
        float[] chw = {1, 2, 3, 4, 10, 20, 30, 40}; // 2 channels of 2x2
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30, 4, 40}, SavedModelClassifier.toHwc(chw, 2, 2, 2));
    }

    @Test
    void servesAnArchivedSavedModelThroughTheHandlerNextToDjlArtifacts() throws Exception {
        Path archive = temp.resolve("savedmodel.tar.gz");
        TarGz.pack(temp.resolve("probabilities"), archive);
        ModelManager models = new ModelManager(ModelLocator.fixed(archive.toString()),
                new ArtifactStore(() -> null, temp.resolve("cache")), ArtifactLoaders.detecting(), Duration.ZERO);
        try (PredictionService service = TestServices.service(models, Set.of(), IntakeLimits.defaults(),
                Duration.ofSeconds(1))) {
            HttpResponse response = new PredictHandler(service).handle(new HttpRequest("POST", "/predict",
                    Map.of("content-type", "image/png"), Map.of(), Base64.getEncoder().encodeToString(
                            TestImages.png(50, 30)), true, "tf"), "tf");
            assertEquals(200, response.status(), response.body());
            JsonNode body = JSON.readTree(response.body());
            assertEquals("keras-1", body.at("/model/version").asText());
            assertEquals("savedmodel", body.at("/model/kind").asText());
            assertEquals(10, body.get("predictions").size());
        }
        try (Classifier djl = ArtifactLoaders.detecting().load(TestModels.archive(1))) {
            assertEquals("djl", djl.info().kind(), "the same loader still serves DJL archives");
        }
    }

    @Test
    void aSavedModelWithoutItsMetadataIsRefusedClearly() throws Exception {
        Path bare = Files.createDirectories(temp.resolve("bare"));
        Files.copy(temp.resolve("probabilities/saved_model.pb"), bare.resolve("saved_model.pb"));
        ArtifactException e = assertThrows(ArtifactException.class, () -> ArtifactLoaders.detecting().load(bare));
        assertTrue(e.getMessage().contains(SavedModelMetadata.FILE_NAME), e.getMessage());
    }
}
