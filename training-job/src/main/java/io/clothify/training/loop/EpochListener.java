package io.clothify.training.loop;

import io.clothify.model.artifact.ArtifactMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A hook on the {@link EpochLoop}, in the spirit of DJL's {@code TrainingListener}: the loop only trains and
 * validates, and everything else a run does around it (checkpoints, early stopping, the log lines and progress bar,
 * the time budget, the report) is one listener with one job. Every method has a do-nothing default, so a listener
 * implements only the moments it cares about. The loop calls the listeners in their list's order, which is why
 * {@code TrainingRun} lists them in the order their effects must happen (the epoch's log line before its
 * checkpoint, the checkpoint on a stop request before the progress bar is cleared).
 */
public interface EpochListener {

    /**
     * Asked before each epoch; true ends training there (the listener logs why). The loop stops asking at the
     * first listener that says yes, so only one reason is logged.
     */
    default boolean shouldStopBeforeEpoch(int epoch, TrainingProgress progress) {
        return false;
    }

    /** Called when an epoch starts (it was not stopped before), with its 1-based number. */
    default void onEpochStart(int epoch) {}

    /** Called once a batch is ready, right before its optimizer step. */
    default void beforeStep() {}

    /** Called after each optimizer step with the epoch's running figures. */
    default void afterStep(Step step) {}

    /** Asked after each step; true ends the epoch early (its batches so far are still validated and kept). */
    default boolean shouldEndEpoch() {
        return false;
    }

    /** Called when the epoch's training pass is over, before validation. */
    default void onTrainingPassEnd(int epoch) {}

    /** Called after validation; {@code progress} already holds {@code record}. */
    default void onEpochEnd(EpochRecord record, TrainingProgress progress) throws IOException {}

    /**
     * Called when a stop was requested (SIGTERM) at a batch boundary of {@code epoch}; {@code progress} holds the
     * epochs completed before it. The loop returns after the listeners, and the run confirms and ends.
     */
    default void onStopRequested(int epoch, TrainingProgress progress) throws IOException {}

    /** Called once the best parameters were evaluated and saved as the artifact. */
    default void onTrainingEnd(RunEnd end) throws IOException {}

    /**
     * The running figures of an epoch after {@code batch} of {@code batches} steps.
     *
     * @param epochs the last epoch of the run
     * @param loss mean training loss over the epoch's images so far
     * @param accuracy training accuracy over the epoch's images so far
     */
    record Step(int epoch, int epochs, int batch, int batches, double loss, double accuracy) {}

    /**
     * A finished run.
     *
     * @param output the artifact folder
     * @param artifact the saved artifact's metadata (its test and validation metrics)
     * @param history every epoch's figures, a resumed run's included
     * @param bestEpoch the epoch whose parameters became the artifact
     * @param seconds wall time of this process's run
     */
    record RunEnd(Path output, ArtifactMetadata artifact, List<EpochRecord> history, int bestEpoch,
            double seconds) {}
}
