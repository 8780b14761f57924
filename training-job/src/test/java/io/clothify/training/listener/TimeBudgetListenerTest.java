package io.clothify.training.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.training.config.Hyperparameters.Schedule;
import io.clothify.training.loop.EpochRecord;
import io.clothify.training.loop.LearningRateSchedule;
import io.clothify.training.loop.TimeBudget;
import io.clothify.training.loop.TrainingProgress;
import org.junit.jupiter.api.Test;

class TimeBudgetListenerTest {
    static final double PEAK = 0.01;

    static LearningRateSchedule schedule() {
        return new LearningRateSchedule(Schedule.ONECYCLE, PEAK, 1000, 0.1);
    }

    static TrainingProgress afterOneEpoch() {
        TrainingProgress progress = TrainingProgress.fresh();
        progress.recordEpoch(new EpochRecord(1, 1, 0.5, 1, 0.5, PEAK, 1, 1, 32));
        return progress;
    }

    @Test
    void aSpentBudgetEndsTheEpochAndStartsNoOtherButAFreshRunTrainsFirst() {
        TimeBudgetListener spent = new TimeBudgetListener(new TimeBudget(1, 120), schedule()); // 2 of 1 minutes
        assertFalse(spent.shouldStopBeforeEpoch(1, TrainingProgress.fresh()), "a fresh run must leave a model");
        assertTrue(spent.shouldEndEpoch());
        assertTrue(spent.shouldStopBeforeEpoch(2, afterOneEpoch()));
    }

    @Test
    void aBudgetWithTimeLeftAndNoBudgetLetTrainingGoOn() {
        for (TimeBudget budget : new TimeBudget[] {new TimeBudget(60, 0), new TimeBudget(0, 1e9)}) {
            TimeBudgetListener listener = new TimeBudgetListener(budget, schedule());
            assertFalse(listener.shouldEndEpoch());
            assertFalse(listener.shouldStopBeforeEpoch(2, afterOneEpoch()));
        }
    }

    @Test
    void beforeEachStepTheScheduleFollowsTheClock() {
        LearningRateSchedule schedule = schedule();
        double warmingUp = schedule.valueAt(0);
        new TimeBudgetListener(new TimeBudget(2, 60), schedule).beforeStep(); // half the budget spent
        double midway = schedule.valueAt(0);
        assertTrue(midway > warmingUp, "step 0 at half time should be past the warm-up: " + midway);
        assertTrue(midway < PEAK, "and on its way down: " + midway);
        new TimeBudgetListener(new TimeBudget(1, 120), schedule).beforeStep(); // spent
        assertEquals(PEAK / 1000, schedule.valueAt(0), 1e-12);
    }
}
