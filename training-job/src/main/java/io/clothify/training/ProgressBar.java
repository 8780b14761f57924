package io.clothify.training;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on the terminal (stderr), shown only when a console is attached. */
final class ProgressBar {
    private final PrintStream out;
    private final boolean enabled;

    ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    static ProgressBar forTerminal() {
        return new ProgressBar(System.err, System.console() != null);
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
