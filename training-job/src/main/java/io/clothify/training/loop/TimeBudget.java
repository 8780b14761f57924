package io.clothify.training.loop;

/**
 * A wall-clock limit on the training loop ({@code max_minutes}). Its {@link #fraction()} drives the learning-rate
 * schedule alongside the step count, so a run that meets its deadline has annealed by then, however fast the
 * machine turned out to be. Time spent by a run this one resumed counts too.
 */
public final class TimeBudget {
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
