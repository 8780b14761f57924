package io.clothify.training;

import io.clothify.training.loop.EpochListener;
import io.clothify.training.loop.TrainingProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on the terminal (stderr), shown only when a console is attached: redrawn after every
 * step, cleared before validation and on a stop request, so it never mixes with the log lines.
 */
final class ProgressBar implements EpochListener {
    private final PrintStream out;
    private final boolean enabled;

    ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    static ProgressBar forTerminal() {
        return new ProgressBar(System.err, System.console() != null);
    }

    @Override
    public void afterStep(Step step) {
        update(step.epoch(), step.epochs(), step.batch(), step.batches(), step.loss(), step.accuracy());
    }

    @Override
    public void onTrainingPassEnd(int epoch) {
        clear();
    }

    @Override
    public void onStopRequested(int epoch, TrainingProgress progress) {
        clear();
    }

    void update(int epoch, int epochs, int batch, int batches, double loss, double accuracy) {
        if (!enabled) {
            return;
        }
        int width = 30;
        int filled = (int) Math.round(width * (double) batch / batches);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f acc %.4f", epoch, epochs,
                "=".repeat(filled), " ".repeat(width - filled), batch, batches, loss, accuracy);
        out.flush();
    }

    void clear() {
        if (enabled) {
            out.print("\r" + " ".repeat(90) + "\r");
            out.flush();
        }
    }
}
