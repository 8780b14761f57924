package io.clothify.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeBudgetTest {
    @Test
    void aTimeBudgetCountsTheTimeOfTheRunItResumes() {
        TimeBudget unlimited = new TimeBudget(0, 500);
        assertEquals(0, unlimited.fraction());
        assertFalse(unlimited.spent());

        TimeBudget half = new TimeBudget(2, 60); // 1 of 2 minutes spent before this process
        assertTrue(half.fraction() >= 0.5 && half.fraction() < 0.6, "fraction " + half.fraction());
        assertFalse(half.spent());
        assertTrue(new TimeBudget(1, 60).spent());
    }

    @Test
    void underAHardLimitTrainingEndsAMarginBeforeItCountedFromTheJobsStart() {
        // 2 h limit: a 12-minute margin (10 %), 3 minutes of loading: 105 minutes of training
        assertEquals(105, TimeBudget.of(0, 7200, 180, 0).minutes(), 1e-9);
        // short limits keep at least 5 minutes: 20 min - 5 - 1 = 14
        assertEquals(14, TimeBudget.of(0, 1200, 60, 0).minutes(), 1e-9);
        // max_minutes wins when it ends training sooner, the limit when it does
        assertEquals(45, TimeBudget.of(45, 7200, 180, 0).minutes(), 1e-9);
        assertEquals(105, TimeBudget.of(500, 7200, 180, 0).minutes(), 1e-9);
        // no limit: max_minutes alone
        assertEquals(45, TimeBudget.of(45, 0, 180, 0).minutes(), 1e-9);
        assertFalse(TimeBudget.of(0, 0, 180, 0).limited());
        // a resumed run's training time counts against the limit too
        TimeBudget resumed = TimeBudget.of(0, 7200, 180, 105 * 60 / 2.0);
        assertTrue(resumed.fraction() >= 0.5 && resumed.fraction() < 0.6, "fraction " + resumed.fraction());
        // a limit the job has already used up leaves a budget that is spent at once, not an unlimited one
        TimeBudget usedUp = TimeBudget.of(0, 600, 400, 0);
        assertTrue(usedUp.limited() && usedUp.spent());
    }
}
