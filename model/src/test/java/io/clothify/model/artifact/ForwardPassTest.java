package io.clothify.model.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.CompactCnn;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.model.image.PixelImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forward pass serving and evaluation share: each image's probabilities are the mean over its own views. */
class ForwardPassTest {
    static final int CLASSES = 10;
    static final InferenceViews MIRROR_AND_SHIFTS = new InferenceViews(true, 1);

    @TempDir
    static Path temp;
    static LoadedNetwork network;
    static ImagePipeline pipeline;
    static ForwardPass forward;
    static List<PixelImage> images = new ArrayList<>();

    @BeforeAll
    static void loadUntrainedNetwork() throws IOException {
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            classes.add("class-" + c);
        }
        ModelArtifacts.createUntrained(temp.resolve("cnn"), CompactCnn.NAME, classes, InputSpec.fashionMnist(), 3);
        network = ModelArtifacts.loadNetwork(temp.resolve("cnn"));
        pipeline = new ImagePipeline(InputSpec.fashionMnist());
        forward = new ForwardPass(network.model().getBlock(), pipeline);
        Random random = new Random(5);
        for (int i = 0; i < 3; i++) {
            byte[] px = new byte[28 * 28];
            random.nextBytes(px);
            images.add(new PixelImage(28, 28, 1, px));
        }
    }

    @AfterAll
    static void close() {
        network.close();
    }

    @Test
    void aBatchGivesEachImageWhatItGetsAlone() {
        float[] batch = forward.probabilities(network.model().getNDManager(), images, MIRROR_AND_SHIFTS);
        assertEquals(images.size() * CLASSES, batch.length);
        for (int i = 0; i < images.size(); i++) {
            float[] alone = forward.probabilities(network.model().getNDManager(), List.of(images.get(i)),
                    MIRROR_AND_SHIFTS);
            assertArrayEquals(alone, Arrays.copyOfRange(batch, i * CLASSES, (i + 1) * CLASSES), 1e-5f,
                    "image " + i);
        }
        assertFalse(Arrays.equals(Arrays.copyOfRange(batch, 0, CLASSES),
                Arrays.copyOfRange(batch, CLASSES, 2 * CLASSES)), "different images, different answers");
    }

    @Test
    void theImageAndItsMirrorAreAveragedAfterTheSoftmax() {
        PixelImage image = images.getFirst();
        float[] averaged = forward.probabilities(network.model().getNDManager(), List.of(image),
                new InferenceViews(true, 0));
        int size = pipeline.tensorSize();
        float[] views = new float[2 * size];
        pipeline.writeCenterCrop(image, false, views, 0);
        pipeline.writeCenterCrop(image, true, views, size);
        float[] logits;
        try (NDManager manager = network.model().getNDManager().newSubManager()) {
            logits = forward.logits(forward.batch(manager, views), false).toFloatArray();
        }
        float[] expected = new float[CLASSES];
        for (int view = 0; view < 2; view++) {
            float[] p = softmax(Arrays.copyOfRange(logits, view * CLASSES, (view + 1) * CLASSES));
            for (int c = 0; c < CLASSES; c++) {
                expected[c] += p[c] / 2;
            }
        }
        assertArrayEquals(expected, averaged, 1e-5f);
        float sum = 0;
        for (float p : averaged) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-5f);
    }

    private static float[] softmax(float[] logits) {
        double max = Arrays.stream(toDoubles(logits)).max().orElseThrow();
        double[] e = Arrays.stream(toDoubles(logits)).map(x -> Math.exp(x - max)).toArray();
        double total = Arrays.stream(e).sum();
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / total);
        }
        return p;
    }

    private static double[] toDoubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
