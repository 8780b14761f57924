package io.clothify.training.listener;

import io.clothify.training.loop.EpochListener;
import io.clothify.training.loop.TrainingProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends training once {@code patience} epochs in a row have not beaten the best validation accuracy: more epochs
 * would only cost time, since the artifact keeps the best epoch's parameters anyway. The count lives in the
 * {@link TrainingProgress}, so it survives a resume.
 */
public final class EarlyStoppingListener implements EpochListener {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyStoppingListener.class);

    private final int patience;

    /** @param patience epochs without improvement to tolerate; 0 never stops */
    public EarlyStoppingListener(int patience) {
        this.patience = patience;
    }

    @Override
    public boolean shouldStopBeforeEpoch(int epoch, TrainingProgress progress) {
        if (patience > 0 && progress.epochsWithoutImprovement() >= patience) {
            LOG.info("Early stopping: no better validation accuracy for {} epochs", patience);
            return true;
        }
        return false;
    }
}
