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
}
