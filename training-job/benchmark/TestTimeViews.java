import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.clothify.model.InputSpec;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.AtomicFiles;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.PixelImage;
import io.clothify.training.data.Fingerprint;
import io.clothify.training.data.IdxFiles;
import io.clothify.training.data.LabelledImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * BENCHMARK TOOL, NOT PRODUCT CODE. What test-time views are worth to a Fashion-MNIST artifact: its accuracy on the
 * t10k split from the plain image, from the image and its mirror (what the Classifier averages when the artifact
 * says so), and from more views: 1-pixel shifts in four directions, with and without mirrors. The artifact is a
 * model.tar.gz or a training run's output folder.
 *
 *   java -Dai.djl.offline=true -cp training-job/target/training-job.jar training-job/benchmark/TestTimeViews.java \
 *       model/artifacts/fashion-mnist-compact-cnn.tar.gz ../shared/data/fashion-mnist
 */
public class TestTimeViews {
    private record View(int dx, int dy, boolean mirror) {}

    private static final List<View> VIEWS = List.of(new View(0, 0, false), new View(0, 0, true),
            new View(1, 0, false), new View(-1, 0, false), new View(0, 1, false), new View(0, -1, false),
            new View(1, 0, true), new View(-1, 0, true), new View(0, 1, true), new View(0, -1, true));

    private record ViewSet(String name, int[] views) {}

    private static final List<ViewSet> SETS = List.of(
            new ViewSet("plain image", new int[] {0}),
            new ViewSet("image + mirror (the Classifier's test-time flip)", new int[] {0, 1}),
            new ViewSet("image + 4 one-pixel shifts", new int[] {0, 2, 3, 4, 5}),
            new ViewSet("image + mirror, each + 4 one-pixel shifts", new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        Path artifact = Path.of(args[0]);
        boolean unpacked = !Files.isDirectory(artifact);
        Path dir = unpacked ? ModelArtifacts.unpackToTemporaryFolder(artifact) : artifact;
        try {
            ArtifactMetadata metadata = ModelArtifacts.readMetadata(dir);
            ImagePipeline pipeline = new ImagePipeline(metadata.input());
            LabelledImages test = IdxFiles.load(Path.of(args[1]), IdxFiles.TEST_PREFIX, pipeline, new Fingerprint());
            int classes = metadata.classNames().size();
            float[][] probabilities = new float[VIEWS.size()][];
            try (Model model = ModelArtifacts.loadModel(dir, metadata)) {
                for (int v = 0; v < VIEWS.size(); v++) {
                    probabilities[v] = predict(model, pipeline, test, classes, VIEWS.get(v));
                }
            }
            for (ViewSet set : SETS) {
                int correct = 0;
                for (int i = 0; i < test.size(); i++) {
                    int best = 0;
                    double bestSum = -1;
                    for (int c = 0; c < classes; c++) {
                        double sum = 0;
                        for (int v : set.views()) {
                            sum += probabilities[v][i * classes + c];
                        }
                        if (sum > bestSum) {
                            bestSum = sum;
                            best = c;
                        }
                    }
                    correct += best == test.labels()[i] ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "test_accuracy=%.4f views=%d %s%n", (double) correct / test.size(),
                        set.views().length, set.name());
            }
        } finally {
            if (unpacked) {
                AtomicFiles.deleteRecursively(dir);
            }
        }
    }

    /** Class probabilities of every test image seen through one view; shifted-in pixels are background (0). */
    private static float[] predict(Model model, ImagePipeline pipeline, LabelledImages test, int classes,
            View view) {
        InputSpec spec = pipeline.spec();
        int w = spec.width();
        int h = spec.height();
        int size = pipeline.tensorSize();
        float background = pipeline.evalTensor(new PixelImage(w, h, 1, new byte[w * h]))[0];
        int batch = 500;
        float[] image = new float[size];
        float[] result = new float[test.size() * classes];
        for (int from = 0; from < test.size(); from += batch) {
            int count = Math.min(batch, test.size() - from);
            float[] x = new float[count * size];
            for (int i = 0; i < count; i++) {
                pipeline.writeCenterCrop(test.images().get(from + i), view.mirror(), image, 0);
                for (int y = 0; y < h; y++) {
                    for (int col = 0; col < w; col++) {
                        int sx = col - view.dx();
                        int sy = y - view.dy();
                        boolean inside = sx >= 0 && sy >= 0 && sx < w && sy < h;
                        x[i * size + y * w + col] = inside ? image[sy * w + sx] : background;
                    }
                }
            }
            try (NDManager manager = model.getNDManager().newSubManager()) {
                float[] p = model.getBlock().forward(new ParameterStore(manager, false),
                        new NDList(manager.create(x, new Shape(count, 1, h, w))), false)
                        .singletonOrThrow().softmax(1).toFloatArray();
                System.arraycopy(p, 0, result, from * classes, p.length);
            }
        }
        return result;
    }
}
