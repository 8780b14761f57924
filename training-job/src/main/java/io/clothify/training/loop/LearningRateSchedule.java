package io.clothify.training.loop;

import ai.djl.training.tracker.Tracker;
import io.clothify.training.config.Hyperparameters.Schedule;

/**
 * The learning rate per optimizer step: linear warm-up over {@code warmupSteps}, then cosine decay to
 * {@code peak / 1000} (one-cycle) or to {@code peak / 100} (cosine), or constant. {@code offset} is the number
 * of steps already done before a resume, since DJL counts updates from 1 in every process. Under a time budget the
 * schedule follows whichever is further along, the steps or the budget's clock ({@link #setTimeFraction}), so it
 * reaches its end by the deadline.
 */
public final class LearningRateSchedule implements Tracker {
    private final Schedule schedule;
    private final double peak;
    private final long totalSteps;
    private final long warmupSteps;
    private volatile long offset;
    private volatile double timeFraction;

    public LearningRateSchedule(Schedule schedule, double peak, long totalSteps, double warmupFraction) {
        this.schedule = schedule;
        this.peak = peak;
        this.totalSteps = Math.max(1, totalSteps);
        this.warmupSteps = Math.round(this.totalSteps * warmupFraction);
    }

    public void setOffset(long stepsAlreadyDone) {
        this.offset = stepsAlreadyDone;
    }

    /** The share of the time budget spent, set once per step so that every parameter of a step sees one value. */
    public void setTimeFraction(double spent) {
        this.timeFraction = spent;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return (float) valueAt(offset + numUpdate - 1);
    }

    /** The learning rate of the given 0-based step (or of the point the time budget has reached, if further). */
    public double valueAt(long step) {
        if (schedule == Schedule.CONSTANT) {
            return peak;
        }
        double at = Math.max(step, Math.min(1.0, timeFraction) * totalSteps);
        double floor = schedule == Schedule.ONECYCLE ? peak / 1000 : peak / 100;
        double start = schedule == Schedule.ONECYCLE ? peak / 25 : floor;
        if (at < warmupSteps) {
            return start + (peak - start) * (at + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (at - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
