package io.clothify.training.listener;

import ai.djl.Model;
import io.clothify.training.loop.Checkpoints;
import io.clothify.training.loop.EpochListener;
import io.clothify.training.loop.EpochRecord;
import io.clothify.training.loop.RunIdentity;
import io.clothify.training.loop.TrainingProgress;
import java.io.IOException;

/**
 * Keeps the checkpoint folder current: the best-by-validation parameters whenever an epoch improves on them, the
 * last parameters and the progress after every epoch, and the last parameters when a stop is requested (SageMaker
 * stops and spot interruptions), so a rerun resumes instead of starting over.
 */
public final class CheckpointListener implements EpochListener {
    private final Checkpoints checkpoints;
    private final Model model;
    private final RunIdentity run;

    public CheckpointListener(Checkpoints checkpoints, Model model, RunIdentity run) {
        this.checkpoints = checkpoints;
        this.model = model;
        this.run = run;
    }

    @Override
    public void onEpochEnd(EpochRecord record, TrainingProgress progress) throws IOException {
        if (progress.bestEpoch() == record.epoch()) {
            checkpoints.saveBest(model);
        }
        checkpoints.saveLast(model, progress.toCheckpoint(run));
    }

    /** The progress saved is that of the last complete epoch: the interrupted epoch restarts on resume. */
    @Override
    public void onStopRequested(int epoch, TrainingProgress progress) throws IOException {
        checkpoints.saveLast(model, progress.toCheckpoint(run));
    }
}
