package io.clothify.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {
    static EpochRecord epoch(int epoch, double valAccuracy) {
        return new EpochRecord(epoch, 1.0, 0.5, 1.0, valAccuracy, 0.001, 2.0, 1.5, 64);
    }

    @Test
    void theFirstEpochAndEveryBetterOneBecomeTheBestAndResetTheCount() {
        TrainingProgress progress = TrainingProgress.fresh();
        progress.recordEpoch(epoch(1, 0.0)); // the first epoch is the best even at zero accuracy
        assertEquals(1, progress.bestEpoch());
        assertEquals(0, progress.epochsWithoutImprovement());
        progress.recordEpoch(epoch(2, 0.3));
        progress.recordEpoch(epoch(3, 0.3)); // equal is not better
        progress.recordEpoch(epoch(4, 0.2));
        assertEquals(2, progress.bestEpoch());
        assertEquals(2, progress.epochsWithoutImprovement());
        assertEquals(4, progress.epochsCompleted());
        progress.recordEpoch(epoch(5, 0.31));
        assertEquals(5, progress.bestEpoch());
        assertEquals(0, progress.epochsWithoutImprovement());
        assertEquals(10.0, progress.secondsSpent(), 1e-9);
    }

    @Test
    void aCheckpointRoundTripsAndAResumedRunCountsOnlyItsOwnEpochsAsThisRun() {
        TrainingProgress first = TrainingProgress.fresh();
        first.recordEpoch(epoch(1, 0.4));
        first.recordEpoch(epoch(2, 0.2));
        first.addSteps(6);
        RunIdentity run = new RunIdentity(new ArchitectureSpec("photo-cnn", Map.of()), List.of("a", "b"),
                InputSpec.rgb(32, 1.0),
                "fingerprint");
        Checkpoints.State saved = first.toCheckpoint(run);
        assertEquals(new Checkpoints.State(2, 6, 0.4, 1, 1, first.history(), run.architecture(), run.classNames(),
                run.input(), "fingerprint"), saved);

        TrainingProgress resumed = TrainingProgress.resumed(saved);
        assertEquals(2, resumed.resumedFrom());
        assertEquals(1, resumed.epochsWithoutImprovement());
        assertEquals(6, resumed.steps());
        resumed.recordEpoch(epoch(3, 0.1));
        assertEquals(2, resumed.epochsWithoutImprovement());
        assertEquals(List.of(epoch(3, 0.1)), resumed.thisRun());
        assertEquals(3, resumed.history().size());
    }
}
