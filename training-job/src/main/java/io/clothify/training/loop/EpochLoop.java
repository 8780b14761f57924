package io.clothify.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.clothify.model.InputSpec;
import io.clothify.model.artifact.EvaluationMetrics;
import io.clothify.model.image.InferenceViews;
import io.clothify.training.augment.Augmenter;
import io.clothify.training.augment.BatchMixer;
import io.clothify.training.config.Hyperparameters;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * The epochs of a run: each trains on a seeded stream of batches (forward, loss, backward, step) and validates.
 * It decides nothing else: whether to train another epoch or end one early, what to log and what to save is the
 * {@link EpochListener}s' business. A stop request is honoured at the next batch boundary.
 */
public final class EpochLoop {
    private final TrainingContext context;
    private final EpochListener listeners;
    private final StopSignal stop;

    public EpochLoop(TrainingContext context, EpochListener listeners, StopSignal stop) {
        this.context = context;
        this.listeners = listeners;
        this.stop = stop;
    }

    /**
     * Trains from the epoch after {@code progress}'s last up to the run's last epoch, or until a listener stops it.
     *
     * @return the epoch during which a stop request ended training (the listeners have saved what they save),
     *     empty when training ended normally
     */
    public OptionalInt run(TrainingProgress progress) throws IOException {
        Hyperparameters hp = context.hp();
        Augmenter augmenter = new Augmenter(context.pipeline(), hp.augment());
        BatchMixer mixer = new BatchMixer(hp.mixup(), hp.cutmix());
        ModelEvaluator evaluator = new ModelEvaluator(context.pipeline(), Math.max(hp.batchSize(), 64));
        Trainer trainer = context.trainer();
        for (int epoch = progress.epochsCompleted() + 1; epoch <= hp.epochs(); epoch++) {
            if (listeners.shouldStopBeforeEpoch(epoch, progress)) {
                break;
            }
            listeners.onEpochStart(epoch);
            long epochStart = System.nanoTime();
            RunningFigures running = new RunningFigures();
            try (var batches = new BatchStream(context.splits().train(), augmenter, mixer, context.input(),
                    hp.batchSize(), context.stepsPerEpoch(), hp.seed() * 1_000_003L + epoch)) {
                while (batches.hasNext()) {
                    if (stop.requested()) {
                        listeners.onStopRequested(epoch, progress);
                        return OptionalInt.of(epoch);
                    }
                    BatchStream.Batch batch = batches.next();
                    listeners.beforeStep();
                    trainStep(batch, running);
                    listeners.afterStep(new EpochListener.Step(epoch, hp.epochs(), running.batches,
                            batches.batches(), running.loss(), running.accuracy()));
                    if (listeners.shouldEndEpoch()) {
                        break; // e.g. the time budget's schedule has reached its end: validate and keep this epoch
                    }
                }
            }
            listeners.onTrainingPassEnd(epoch);
            double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
            progress.addSteps(running.batches);
            EvaluationMetrics validation = evaluator.evaluate(context.model().getBlock(), trainer.getManager(),
                    context.splits().validation(), InferenceViews.SINGLE);
            EpochRecord record = new EpochRecord(epoch, running.loss(), running.accuracy(), validation.loss(),
                    validation.accuracy(), context.schedule().valueAt(progress.steps() - 1),
                    (System.nanoTime() - epochStart) / 1e9, trainSeconds, running.seen);
            progress.recordEpoch(record);
            listeners.onEpochEnd(record, progress);
        }
        return OptionalInt.empty();
    }

    /** One optimizer step on soft targets (cross-entropy against smoothed, possibly mixed labels). */
    private void trainStep(BatchStream.Batch batch, RunningFigures running) {
        Trainer trainer = context.trainer();
        InputSpec input = context.input();
        int numClasses = context.numClasses();
        float[] targets = SoftTargets.of(batch, numClasses, context.hp().labelSmoothing());
        try (NDManager step = trainer.getManager().newSubManager()) {
            NDArray x = step.create(batch.images(),
                    new Shape(batch.size(), input.channels(), input.height(), input.width()));
            NDArray t = step.create(targets, new Shape(batch.size(), numClasses));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray loss = logits.logSoftmax(1).mul(t).sum(new int[] {1}).neg().mean();
                collector.backward(loss);
                running.lossSum += loss.getFloat() * batch.size();
                long[] predicted = logits.argMax(1).toLongArray();
                for (int i = 0; i < batch.size(); i++) {
                    running.correct += predicted[i] == batch.labels()[i] ? 1 : 0;
                }
            }
            trainer.step();
        }
        running.seen += batch.size();
        running.batches++;
    }

    /** An epoch's training figures so far. */
    private static final class RunningFigures {
        double lossSum;
        long correct;
        long seen;
        int batches;

        double loss() {
            return lossSum / seen;
        }

        double accuracy() {
            return (double) correct / seen;
        }
    }
}
