package io.clothify.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.image.ImagePipeline;
import io.clothify.training.Fixtures;
import io.clothify.training.config.Hyperparameters;
import io.clothify.training.data.DataLocation;
import io.clothify.training.data.DatasetLoader;
import io.clothify.training.data.Splits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The loop's contract with its listeners, on a tiny real network and the committed clothing fixture. */
class EpochLoopTest {
    static Hyperparameters hp;
    static Splits splits;
    static ImagePipeline pipeline;

    @BeforeAll
    static void loadFixture() throws IOException {
        DataLocation data = DataLocation.fromDataDir(Fixtures.clothing());
        hp = Hyperparameters.resolve(Map.of("architecture", "photo-cnn", "widths", "8", "image_size", "32",
                "batch_size", "16", "max_batches", "3", "epochs", "4", "threads", "2", "augment", "none"),
                data.kind(), data.name());
        pipeline = new ImagePipeline(hp.inputSpec(3));
        splits = DatasetLoader.load(data, pipeline, hp.validationFraction(), hp.seed(), hp.threads());
    }

    /** Runs the loop on a fresh network with the given listeners; returns how it ended. */
    static OptionalInt train(TrainingProgress progress, StopSignal stop, EpochListener... listeners)
            throws IOException {
        InputSpec input = pipeline.spec();
        LearningRateSchedule schedule = new LearningRateSchedule(hp.schedule(), hp.learningRate(), 12, 0.1);
        try (Model model = Model.newInstance("loop-test", "PyTorch")) {
            model.setBlock(Architectures.build(hp.architectureSpec(), splits.classNames().size(), model.getNDManager()));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(schedule).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(16, input.channels(), input.height(), input.width()));
                RunIdentity run = new RunIdentity(hp.architectureSpec(), splits.classNames(), input,
                        splits.fingerprint());
                TrainingContext context = new TrainingContext(hp, splits, pipeline, run, model, trainer, schedule,
                        3);
                return new EpochLoop(context, new EpochListeners(List.of(listeners)), stop).run(progress);
            }
        }
    }

    /** Writes down every call, and stops or ends epochs where told. */
    static final class Recorder implements EpochListener {
        final List<String> calls = new ArrayList<>();
        int stopBeforeEpoch = Integer.MAX_VALUE;
        int stepsPerEpoch = Integer.MAX_VALUE;
        private int steps;

        @Override
        public boolean shouldStopBeforeEpoch(int epoch, TrainingProgress progress) {
            calls.add("ask " + epoch);
            return epoch >= stopBeforeEpoch;
        }

        @Override
        public void beforeStep() {
            calls.add("step");
        }

        @Override
        public void afterStep(Step step) {
            steps = step.batch();
            calls.add(step.epoch() + "/" + step.epochs() + " batch " + step.batch() + "/" + step.batches());
        }

        @Override
        public boolean shouldEndEpoch() {
            return steps >= stepsPerEpoch;
        }

        @Override
        public void onTrainingPassEnd(int epoch) {
            calls.add("pass " + epoch);
        }

        @Override
        public void onEpochEnd(EpochRecord record, TrainingProgress progress) {
            calls.add("end " + record.epoch() + " recorded " + progress.epochsCompleted());
        }

        @Override
        public void onStopRequested(int epoch, TrainingProgress progress) {
            calls.add("stop " + epoch + " completed " + progress.epochsCompleted());
        }
    }

    @Test
    void listenersAreToldOfEveryStepAndEpochAndCanEndTraining() throws IOException {
        Recorder recorder = new Recorder();
        recorder.stopBeforeEpoch = 3;
        TrainingProgress progress = TrainingProgress.fresh();
        assertEquals(OptionalInt.empty(), train(progress, new StopSignal(), recorder));
        assertEquals(List.of("ask 1", "step", "1/4 batch 1/3", "step", "1/4 batch 2/3", "step", "1/4 batch 3/3",
                "pass 1", "end 1 recorded 1", "ask 2", "step", "2/4 batch 1/3", "step", "2/4 batch 2/3", "step",
                "2/4 batch 3/3", "pass 2", "end 2 recorded 2", "ask 3"), recorder.calls);
        assertEquals(2, progress.epochsCompleted());
        assertEquals(6, progress.steps());
        assertEquals(48, progress.history().getLast().trainImages());
    }

    @Test
    void aListenerCanEndAnEpochEarlyAndTheEpochIsStillValidatedAndKept() throws IOException {
        Recorder recorder = new Recorder();
        recorder.stepsPerEpoch = 1;
        TrainingProgress progress = TrainingProgress.fresh();
        train(progress, new StopSignal(), recorder);
        assertEquals(4, progress.epochsCompleted());
        assertEquals(4, progress.steps());
        progress.history().forEach(r -> assertEquals(16, r.trainImages(), r.toString()));
        assertTrue(progress.history().stream().allMatch(r -> r.valAccuracy() >= 0 && r.valLoss() > 0));
    }

    @Test
    void aStopRequestEndsTrainingAtTheNextBatchAndNamesItsEpoch() throws IOException {
        Recorder recorder = new Recorder();
        StopSignal stop = new StopSignal();
        EpochListener requestStopAfterFirstStep = new EpochListener() {
            @Override
            public void afterStep(Step step) {
                if (step.epoch() == 2) {
                    stop.request();
                }
            }
        };
        TrainingProgress progress = TrainingProgress.fresh();
        assertEquals(OptionalInt.of(2), train(progress, stop, recorder, requestStopAfterFirstStep));
        assertEquals(List.of("ask 2", "step", "2/4 batch 1/3", "stop 2 completed 1"),
                recorder.calls.subList(recorder.calls.indexOf("ask 2"), recorder.calls.size()));
        assertEquals(1, progress.epochsCompleted());
        assertEquals(3, progress.steps(), "the interrupted epoch's step is not counted: it restarts on resume");
    }

    @Test
    void aResumedRunStartsAfterItsLastEpoch() throws IOException {
        TrainingProgress fresh = TrainingProgress.fresh();
        train(fresh, new StopSignal(), new Recorder());
        Recorder recorder = new Recorder();
        Checkpoints.State saved = new Checkpoints.State(3, 9, 0.5, 1, 2, fresh.history().subList(0, 3), null,
                List.of(), null, "");
        train(TrainingProgress.resumed(saved), new StopSignal(), recorder);
        assertEquals("ask 4", recorder.calls.getFirst());
        assertEquals(List.of("4/4 batch 1/3", "4/4 batch 2/3", "4/4 batch 3/3"),
                recorder.calls.stream().filter(c -> c.contains("batch")).toList());
    }
}
