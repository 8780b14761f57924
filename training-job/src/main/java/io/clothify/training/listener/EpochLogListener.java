package io.clothify.training.listener;

import io.clothify.model.contract.TrainingLog;
import io.clothify.training.loop.EpochListener;
import io.clothify.training.loop.EpochRecord;
import io.clothify.training.loop.TrainingProgress;
import java.io.PrintStream;

/**
 * Prints each epoch's {@link TrainingLog#epochLine} to the console and flushes it at once: SageMaker reads the
 * metrics of a training or tuning job from these lines, and a reader of a live log waits for them.
 */
public final class EpochLogListener implements EpochListener {
    private final PrintStream console;
    private final int epochs;

    /** @param epochs the run's last epoch, printed as the line's {@code epoch=N/epochs} */
    public EpochLogListener(PrintStream console, int epochs) {
        this.console = console;
        this.epochs = epochs;
    }

    @Override
    public void onEpochEnd(EpochRecord record, TrainingProgress progress) {
        console.println(TrainingLog.epochLine(record.epoch(), epochs, record.trainLoss(), record.trainAccuracy(),
                record.valLoss(), record.valAccuracy(), record.learningRate(), record.seconds()));
        console.flush();
    }
}
