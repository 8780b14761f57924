package io.clothify.training.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.clothify.training.loop.EpochRecord;
import io.clothify.training.loop.TrainingProgress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStoppingListenerTest {

    /** Feeds validation accuracies epoch by epoch, asking the listener before each; returns the epochs trained. */
    static int epochsTrained(EarlyStoppingListener listener, TrainingProgress progress, double... accuracies) {
        int trained = 0;
        for (double accuracy : accuracies) {
            int epoch = progress.epochsCompleted() + 1;
            if (listener.shouldStopBeforeEpoch(epoch, progress)) {
                break;
            }
            progress.recordEpoch(new EpochRecord(epoch, 1, 0.5, 1, accuracy, 0.001, 1, 1, 32));
            trained++;
        }
        return trained;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutABetterValidationAccuracy() {
        // best at epoch 2; epochs 3, 4, 5 do not beat it (equal does not count): patience 3 stops before epoch 6
        assertEquals(5, epochsTrained(new EarlyStoppingListener(3), TrainingProgress.fresh(),
                0.2, 0.5, 0.4, 0.5, 0.1, 0.9, 0.9));
        // an improvement resets the count
        assertEquals(8, epochsTrained(new EarlyStoppingListener(2), TrainingProgress.fresh(),
                0.2, 0.5, 0.4, 0.6, 0.5, 0.7, 0.6, 0.6, 0.9));
    }

    @Test
    void patienceZeroNeverStops() {
        double[] falling = new double[20];
        for (int i = 0; i < falling.length; i++) {
            falling[i] = 1.0 - i / 20.0;
        }
        assertEquals(20, epochsTrained(new EarlyStoppingListener(0), TrainingProgress.fresh(), falling));
    }

    @Test
    void aResumedRunKeepsCountingFromItsCheckpoint() {
        TrainingProgress before = TrainingProgress.fresh();
        EarlyStoppingListener listener = new EarlyStoppingListener(2);
        epochsTrained(listener, before, 0.5, 0.4); // one epoch without improvement when the job was stopped
        List<EpochRecord> history = new ArrayList<>(before.history());
        TrainingProgress resumed = TrainingProgress.resumed(new io.clothify.training.loop.Checkpoints.State(2, 4,
                0.5, 1, before.epochsWithoutImprovement(), history, null, List.of(), null, ""));
        assertFalse(listener.shouldStopBeforeEpoch(3, resumed));
        assertEquals(1, epochsTrained(listener, resumed, 0.3, 0.9));
    }
}
