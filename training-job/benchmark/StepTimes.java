import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.training.config.Hyperparameters;
import io.clothify.training.data.DatasetKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * BENCHMARK TOOL, NOT PRODUCT CODE. Where a DJL training step of the default compact-cnn spends its time, on
 * synthetic batches of 128 (no data pipeline): the phases of the project's training loop (batch upload, forward,
 * soft-target loss, backward, reading loss and predictions, AdamW step, freeing the step's arrays), averaged over
 * the batches after 50 warm-up batches, 2 intra-op threads and 1 inter-op thread as training uses. With a second
 * argument it also writes a PyTorch profiler trace (Chrome trace JSON) of the measured batches, with each op's input
 * shapes, so that the layers' costs can be told apart.
 *
 * <p>With {@code --layouts ROUNDS LAYOUT...} it compares compact-cnn layouts instead: each LAYOUT is a list of
 * hyperparameters ({@code name=value}, separated by {@code ;}, an empty string for the defaults), and the layouts
 * take turns, ROUNDS times, so that a shared machine's drift hits them alike; it prints each layout's step times,
 * their median and the images per second at that median. A layout's {@code batch_size} sets its batch.
 *
 *   java -Dai.djl.offline=true -cp training-job/target/training-job.jar training-job/benchmark/StepTimes.java 350 [trace.json]
 *   java -Dai.djl.offline=true -cp training-job/target/training-job.jar training-job/benchmark/StepTimes.java 100 \
 *       --layouts 3 "pool_before_norm=false" "pool_before_norm=true" "first_stride=2;pool_after=3,5"
 *   java -Dai.djl.offline=true -cp training-job/target/training-job.jar training-job/benchmark/StepTimes.java 120 \
 *       --layouts 3 "" "batch_size=256"
 */
public class StepTimes {
    private static final int BATCH = 128;
    private static final int WARMUP = 50;
    private static final String[] PHASES = {"upload", "forward", "loss", "backward", "read", "step", "free"};

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int batches = Integer.parseInt(args[0]);
        if (args.length > 1 && args[1].equals("--layouts")) {
            compareLayouts(batches, Integer.parseInt(args[2]), Arrays.copyOfRange(args, 3, args.length));
            return;
        }
        String trace = args.length > 1 ? args[1] : null;
        try (Model model = Model.newInstance("step-times", "PyTorch")) {
            try (Trainer trainer = trainer(model, layout("").architectureSpec(), BATCH)) {
                long[] nanos = new long[PHASES.length];
                double seconds = measure(trainer, batches, BATCH, nanos, trace);
                int measured = batches - WARMUP;
                StringBuilder line = new StringBuilder("step_times");
                for (int p = 0; p < PHASES.length; p++) {
                    line.append(String.format(Locale.ROOT, " %s=%.2fms", PHASES[p], nanos[p] / 1e6 / measured));
                }
                System.out.println(line + String.format(Locale.ROOT, " total=%.2fms images_per_second=%.1f",
                        seconds * 1000 / measured, measured * BATCH / seconds));
            }
        }
    }

    private static void compareLayouts(int batches, int rounds, String[] layouts) throws Exception {
        List<List<Double>> millis = new ArrayList<>();
        List<Model> models = new ArrayList<>();
        List<Trainer> trainers = new ArrayList<>();
        int[] batchSizes = new int[layouts.length];
        try {
            for (int i = 0; i < layouts.length; i++) {
                Hyperparameters hp = layout(layouts[i]);
                Model model = Model.newInstance("step-times", "PyTorch");
                models.add(model);
                batchSizes[i] = hp.batchSize();
                trainers.add(trainer(model, hp.architectureSpec(), batchSizes[i]));
                millis.add(new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < layouts.length; i++) {
                    double seconds = measure(trainers.get(i), batches, batchSizes[i], new long[PHASES.length], null);
                    millis.get(i).add(seconds * 1000 / (batches - WARMUP));
                }
            }
        } finally {
            trainers.forEach(Trainer::close);
            models.forEach(Model::close);
        }
        for (int i = 0; i < layouts.length; i++) {
            List<Double> times = millis.get(i);
            double median = times.stream().mapToDouble(Double::doubleValue).sorted().toArray()[times.size() / 2];
            System.out.printf(Locale.ROOT, "layout=\"%s\" median=%.1fms per batch of %d (%.0f images/s), rounds: %s%n",
                    layouts[i], median, batchSizes[i], batchSizes[i] * 1000 / median, times.stream()
                            .map(t -> String.format(Locale.ROOT, "%.1f", t)).toList());
        }
    }

    /** Compact-cnn hyperparameters from {@code name=value;name=value}, resolved the way training resolves them. */
    private static Hyperparameters layout(String hyperparameters) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String pair : hyperparameters.split(";")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=", 2);
                given.put(kv[0].trim(), kv[1].trim());
            }
        }
        return Hyperparameters.resolve(given, DatasetKind.IDX, "step-times");
    }

    private static Trainer trainer(Model model, ArchitectureSpec spec, int batch) {
        model.setBlock(Architectures.build(spec, 10, model.getNDManager()));
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(0.003f))
                        .optWeightDecays(5e-4f).build())
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                .optDevices(new Device[] {Device.cpu()});
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(new Shape(batch, 1, 28, 28));
        return trainer;
    }

    /** Runs {@code batches} steps, adds the time of each phase after the warm-up to {@code nanos}; wall seconds. */
    private static double measure(Trainer trainer, int batches, int batch, long[] nanos, String trace) {
        Random random = new Random(1);
        float[][] images = new float[16][batch * 28 * 28];
        float[][] targets = new float[16][batch * 10];
        for (int k = 0; k < images.length; k++) {
            for (int i = 0; i < images[k].length; i++) {
                images[k][i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < batch; i++) {
                targets[k][i * 10 + random.nextInt(10)] = 1f;
            }
        }
        Shape shape = new Shape(batch, 1, 28, 28);
        long start = 0;
        for (int b = 0; b < batches; b++) {
            if (b == WARMUP) {
                Arrays.fill(nanos, 0);
                start = System.nanoTime();
                if (trace != null) {
                    JniUtils.startProfile(false, true, false);
                }
            }
            long[] t = new long[PHASES.length + 1];
            t[0] = System.nanoTime();
            NDManager step = trainer.getManager().newSubManager();
            NDArray x = step.create(images[b % 16], shape);
            NDArray y = step.create(targets[b % 16], new Shape(batch, 10));
            t[1] = System.nanoTime();
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                t[2] = System.nanoTime();
                NDArray loss = logits.logSoftmax(1).mul(y).sum(new int[] {1}).neg().mean();
                t[3] = System.nanoTime();
                collector.backward(loss);
                t[4] = System.nanoTime();
                loss.getFloat();
                logits.argMax(1).toLongArray();
                t[5] = System.nanoTime();
            }
            trainer.step();
            t[6] = System.nanoTime();
            step.close();
            t[7] = System.nanoTime();
            for (int p = 0; p < PHASES.length; p++) {
                nanos[p] += t[p + 1] - t[p];
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (trace != null) {
            JniUtils.stopProfile(trace);
        }
        return seconds;
    }
}
