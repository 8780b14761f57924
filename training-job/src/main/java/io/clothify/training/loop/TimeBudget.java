package io.clothify.training.loop;

import java.util.Locale;

/**
 * A wall-clock limit on the training loop: {@code max_minutes}, or the part of a hard limit on the whole job
 * ({@code time_limit_seconds}, SageMaker's MaxRuntimeInSeconds) that leaves time to evaluate and save the model.
 * Its {@link #fraction()} drives the learning-rate schedule alongside the step count, so a run that meets its
 * deadline has annealed by then, however fast the machine turned out to be. Time spent by a run this one resumed
 * counts too.
 */
public final class TimeBudget {
    /** Under a hard limit, training ends this share of it before the limit... */
    static final double MARGIN_FRACTION = 0.1;
    /** ...and at least this many seconds before it: loading, the final evaluation and the upload fit in it. */
    static final double MIN_MARGIN_SECONDS = 300;

    private final double seconds;
    private final double spentBefore;
    private final long start;

    /**
     * @param minutes the limit, 0 for none
     * @param secondsSpentBefore training time of the epochs a checkpoint already holds
     */
    public TimeBudget(double minutes, double secondsSpentBefore) {
        this.seconds = minutes * 60;
        this.spentBefore = secondsSpentBefore;
        this.start = System.nanoTime();
    }

    /** A limited budget that is already spent: training then takes one step, so the job still saves a model. */
    private static TimeBudget spentAtOnce() {
        return new TimeBudget(Double.MIN_NORMAL, Double.MAX_VALUE);
    }

    /**
     * The budget of a run under {@code max_minutes} and a hard limit on the job, whichever ends training first.
     * The hard limit counts from the job's start, so the time the job spent before training (loading the data)
     * is taken off it, as are the {@linkplain #describeMargin() margin} and the resumed run's training time.
     *
     * @param maxMinutes the training time limit, 0 for none
     * @param limitSeconds the job's hard limit, 0 for none
     * @param secondsSinceJobStart the time the job has run before its training loop
     * @param secondsSpentBefore training time of the epochs a checkpoint already holds
     */
    public static TimeBudget of(double maxMinutes, double limitSeconds, double secondsSinceJobStart,
            double secondsSpentBefore) {
        if (limitSeconds <= 0) {
            return new TimeBudget(maxMinutes, secondsSpentBefore);
        }
        double margin = Math.max(MIN_MARGIN_SECONDS, MARGIN_FRACTION * limitSeconds);
        double underLimit = limitSeconds - margin - secondsSinceJobStart;
        if (underLimit <= 0) {
            return spentAtOnce();
        }
        double minutes = maxMinutes > 0 ? Math.min(maxMinutes, underLimit / 60) : underLimit / 60;
        return new TimeBudget(minutes, secondsSpentBefore);
    }

    /** How far before a hard limit training ends, in words. */
    public static String describeMargin() {
        return String.format(Locale.ROOT, "%.0f %% of the limit (at least %.0f minutes)",
                MARGIN_FRACTION * 100, MIN_MARGIN_SECONDS / 60);
    }

    public boolean limited() {
        return seconds > 0;
    }

    /** Share of the budget spent so far (0 when unlimited; may pass 1). */
    public double fraction() {
        return limited() ? (spentBefore + (System.nanoTime() - start) / 1e9) / seconds : 0;
    }

    public boolean spent() {
        return fraction() >= 1;
    }

    public double minutes() {
        return seconds / 60;
    }
}
