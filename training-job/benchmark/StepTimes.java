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
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.CompactCnn;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * BENCHMARK TOOL, NOT PRODUCT CODE. Where a DJL training step of the default compact-cnn spends its time, on
 * synthetic batches of 128 (no data pipeline): the phases of the project's training loop (batch upload, forward,
 * soft-target loss, backward, reading loss and predictions, AdamW step, freeing the step's arrays), averaged over
 * the batches after 50 warm-up batches, 2 intra-op threads and 1 inter-op thread as training uses. With a second
 * argument it also writes a PyTorch profiler trace (Chrome trace JSON) of the measured batches.
 *
 *   java -Dai.djl.offline=true -cp training-job/target/training-job.jar training-job/benchmark/StepTimes.java 350 [trace.json]
 */
public class StepTimes {
    private static final int BATCH = 128;
    private static final int WARMUP = 50;
    private static final String[] PHASES = {"upload", "forward", "loss", "backward", "read", "step", "free"};

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int batches = Integer.parseInt(args[0]);
        String trace = args.length > 1 ? args[1] : null;
        Random random = new Random(1);
        float[][] images = new float[16][BATCH * 28 * 28];
        float[][] targets = new float[16][BATCH * 10];
        for (int k = 0; k < images.length; k++) {
            for (int i = 0; i < images[k].length; i++) {
                images[k][i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < BATCH; i++) {
                targets[k][i * 10 + random.nextInt(10)] = 1f;
            }
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(0.003f))
                        .optWeightDecays(5e-4f).build())
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                .optDevices(new Device[] {Device.cpu()});
        try (Model model = Model.newInstance("step-times", "PyTorch")) {
            model.setBlock(Architectures.build(Architectures.defaults(CompactCnn.NAME), 10));
            try (Trainer trainer = model.newTrainer(config)) {
                Shape shape = new Shape(BATCH, 1, 28, 28);
                trainer.initialize(shape);
                long[] nanos = new long[PHASES.length];
                long start = 0;
                for (int b = 0; b < batches; b++) {
                    if (b == WARMUP) {
                        Arrays.fill(nanos, 0);
                        start = System.nanoTime();
                        if (trace != null) {
                            JniUtils.startProfile(false, false, false);
                        }
                    }
                    long[] t = new long[PHASES.length + 1];
                    t[0] = System.nanoTime();
                    NDManager step = trainer.getManager().newSubManager();
                    NDArray x = step.create(images[b % 16], shape);
                    NDArray y = step.create(targets[b % 16], new Shape(BATCH, 10));
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
}
