import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.ForwardPass;
import io.clothify.model.artifact.LoadedNetwork;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.model.image.PixelImage;
import io.clothify.training.data.Fingerprint;
import io.clothify.training.data.IdxFiles;
import io.clothify.training.data.LabelledImages;
import io.clothify.training.loop.ModelEvaluator;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * BENCHMARK TOOL, NOT PRODUCT CODE. Would "precise batch norm" help a Fashion-MNIST artifact? Training leaves each
 * batch norm with running statistics of augmented images (erased, shifted, mirrored); this tool replaces them with
 * the exact average over the 60,000 training images as evaluation sees them (the plain image; then again with a
 * random mirror and one-pixel shift, like the test-time views), and prints the test accuracy before and after, from
 * the artifact's views and from the plain image. It changes nothing on disk.
 *
 *   java -Dai.djl.offline=true -cp training-job/target/training-job.jar training-job/benchmark/PreciseBatchNorm.java \
 *       model/artifacts/fashion-mnist-compact-cnn.tar.gz ../shared/data/fashion-mnist
 */
public class PreciseBatchNorm {
    private static final int BATCH = 250;

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        try (LoadedNetwork network = ModelArtifacts.loadNetwork(Path.of(args[0]))) {
            ArtifactMetadata metadata = network.metadata();
            Model model = network.model();
            ImagePipeline pipeline = new ImagePipeline(metadata.input());
            Path data = Path.of(args[1]);
            LabelledImages test = IdxFiles.load(data, IdxFiles.TEST_PREFIX, pipeline, new Fingerprint());
            LabelledImages train = IdxFiles.load(data, IdxFiles.TRAIN_PREFIX, pipeline, new Fingerprint());
            ModelEvaluator evaluator = new ModelEvaluator(pipeline, 100);
            print("as trained", evaluator, model, test, metadata.inferenceViews());
            for (boolean viewLike : new boolean[] {false, true}) {
                recomputeStatistics(model, pipeline, train, viewLike);
                print(viewLike ? "precise, mirrored and shifted images" : "precise, plain images", evaluator,
                        model, test, metadata.inferenceViews());
            }
        }
    }

    /** Training-mode forward passes with momentum 1 - 1/k at batch k: each running statistic is the plain mean. */
    private static void recomputeStatistics(Model model, ImagePipeline pipeline, LabelledImages train,
            boolean viewLike) throws ReflectiveOperationException {
        List<BatchNorm> norms = new ArrayList<>();
        collect(model.getBlock(), norms);
        Field momentum = BatchNorm.class.getDeclaredField("momentum");
        momentum.setAccessible(true);
        Random random = new Random(1);
        Integer[] order = new Integer[train.size()];
        Arrays.setAll(order, i -> i);
        Collections.shuffle(Arrays.asList(order), random);
        int size = pipeline.tensorSize();
        ForwardPass forward = new ForwardPass(model.getBlock(), pipeline);
        for (int from = 0, k = 1; from + BATCH <= train.size(); from += BATCH, k++) {
            for (BatchNorm norm : norms) {
                momentum.setFloat(norm, 1f - 1f / k);
            }
            float[] x = new float[BATCH * size];
            for (int i = 0; i < BATCH; i++) {
                PixelImage image = train.images().get(order[from + i]);
                if (viewLike) {
                    pipeline.writeCenterCrop(image, random.nextBoolean(), random.nextInt(3) - 1,
                            random.nextInt(3) - 1, x, i * size);
                } else {
                    InferenceViews.SINGLE.write(pipeline, image, x, i * size, size);
                }
            }
            try (NDManager manager = model.getNDManager().newSubManager()) {
                forward.logits(forward.batch(manager, x), true);
            }
        }
    }

    private static void collect(Block block, List<BatchNorm> norms) {
        if (block instanceof BatchNorm norm) {
            norms.add(norm);
        }
        block.getChildren().values().forEach(child -> collect(child, norms));
    }

    private static void print(String what, ModelEvaluator evaluator, Model model, LabelledImages test,
            InferenceViews views) {
        System.out.printf(Locale.ROOT, "%s: test_accuracy=%.4f (%d views) %.4f (plain image)%n", what,
                evaluator.evaluate(model.getBlock(), model.getNDManager(), test, views).accuracy(), views.count(),
                evaluator.evaluate(model.getBlock(), model.getNDManager(), test, InferenceViews.SINGLE).accuracy());
    }
}
