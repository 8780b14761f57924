import ai.djl.Model;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.EvaluationMetrics;
import io.clothify.model.artifact.LoadedNetwork;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.training.data.Fingerprint;
import io.clothify.training.data.IdxFiles;
import io.clothify.training.data.LabelledImages;
import io.clothify.training.loop.ModelEvaluator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * BENCHMARK TOOL, NOT PRODUCT CODE. What test-time views are worth to a Fashion-MNIST artifact: its accuracy on the
 * t10k split, through the evaluator training uses, from the plain image, from the image and its mirror, and with
 * the one- and two-pixel shifts of each (the views an artifact can name: {@link InferenceViews}). The artifact is
 * a model.tar.gz or a training run's output folder; the line marked "artifact" is the views it serves with.
 *
 *   java -Dai.djl.offline=true -cp training-job/target/training-job.jar training-job/benchmark/TestTimeViews.java \
 *       model/artifacts/fashion-mnist-compact-cnn.tar.gz ../shared/data/fashion-mnist
 */
public class TestTimeViews {
    private static final List<InferenceViews> SETS = List.of(InferenceViews.SINGLE, new InferenceViews(true, 0),
            new InferenceViews(false, 1), new InferenceViews(true, 1), new InferenceViews(true, 2));

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        try (LoadedNetwork network = ModelArtifacts.loadNetwork(Path.of(args[0]))) {
            ArtifactMetadata metadata = network.metadata();
            Model model = network.model();
            ImagePipeline pipeline = new ImagePipeline(metadata.input());
            LabelledImages test = IdxFiles.load(Path.of(args[1]), IdxFiles.TEST_PREFIX, pipeline, new Fingerprint());
            ModelEvaluator evaluator = new ModelEvaluator(pipeline, 100);
            for (InferenceViews views : SETS) {
                EvaluationMetrics metrics = evaluator.evaluate(model.getBlock(), model.getNDManager(), test, views);
                System.out.printf(Locale.ROOT, "test_accuracy=%.4f views=%d mirror=%s shift=%d%s%n",
                        metrics.accuracy(), views.count(), views.mirror(), views.shift(),
                        views.equals(metadata.inferenceViews()) ? " (artifact)" : "");
            }
        }
    }
}
