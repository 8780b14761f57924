package io.clothify.training.listener;

import io.clothify.training.loop.EpochListener;
import io.clothify.training.loop.LearningRateSchedule;
import io.clothify.training.loop.TimeBudget;
import io.clothify.training.loop.TrainingProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds training to its {@link TimeBudget}: before every step it tells the schedule how much of the budget is
 * spent (so the learning rate has annealed by the deadline), a spent budget ends the current epoch, which is still
 * validated and kept, and no new epoch starts. A fresh run always trains its first epoch's first step, so even a
 * job whose time limit is used up leaves a model.
 */
public final class TimeBudgetListener implements EpochListener {
    private static final Logger LOG = LoggerFactory.getLogger(TimeBudgetListener.class);

    private final TimeBudget budget;
    private final LearningRateSchedule schedule;

    public TimeBudgetListener(TimeBudget budget, LearningRateSchedule schedule) {
        this.budget = budget;
        this.schedule = schedule;
    }

    @Override
    public boolean shouldStopBeforeEpoch(int epoch, TrainingProgress progress) {
        if (budget.spent() && progress.epochsCompleted() > 0) {
            LOG.info("Time budget of {} minutes spent after epoch {}", String.format("%.2f", budget.minutes()),
                    progress.epochsCompleted());
            return true;
        }
        return false;
    }

    @Override
    public void beforeStep() {
        schedule.setTimeFraction(budget.fraction());
    }

    @Override
    public boolean shouldEndEpoch() {
        return budget.spent();
    }
}
