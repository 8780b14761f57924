package io.clothify.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.training.config.Hyperparameters.Schedule;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    private static final double PEAK = 0.01;

    private static LearningRateSchedule oneCycle() {
        return new LearningRateSchedule(Schedule.ONECYCLE, PEAK, 1000, 0.2);
    }

    @Test
    void oneCycleWarmsUpThenAnnealsToAThousandthOfThePeak() {
        LearningRateSchedule s = oneCycle();
        assertEquals(PEAK / 25 + (PEAK - PEAK / 25) / 200, s.valueAt(0), 1e-12);
        assertEquals(PEAK, s.valueAt(199), 1e-12);
        assertEquals(PEAK / 1000 + (PEAK - PEAK / 1000) / 2, s.valueAt(600), 1e-12);
        assertEquals(PEAK / 1000, s.valueAt(1000), 1e-12);
    }

    @Test
    void underATimeBudgetTheScheduleFollowsTheClockWhenItIsFurtherAlong() {
        LearningRateSchedule steps = oneCycle();
        LearningRateSchedule timed = oneCycle();

        timed.setTimeFraction(0.6); // a slow machine: 60 % of the time gone after 10 steps
        assertEquals(steps.valueAt(600), timed.valueAt(10), 1e-12);
        assertEquals(steps.valueAt(800), timed.valueAt(800), 1e-12, "the steps are further along");

        timed.setTimeFraction(1.3); // past the deadline: the end of the schedule, not beyond
        assertEquals(PEAK / 1000, timed.valueAt(10), 1e-12);

        timed.setTimeFraction(0.1); // inside the warm-up
        double warm = timed.valueAt(0);
        assertTrue(warm > steps.valueAt(0) && warm < PEAK, "warm-up at 10 % of the time: " + warm);
    }
}
