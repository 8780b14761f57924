package io.clothify.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.training.loop.EpochListener;
import io.clothify.training.loop.TrainingProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    static final String CLEARED = "\r" + " ".repeat(90) + "\r";

    @Test
    void theBarIsDrawnAfterEachStepAndClearedBeforeValidationAndOnAStop() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), true);
        bar.afterStep(new EpochListener.Step(2, 5, 1, 4, 1.5, 0.25));
        assertEquals("\repoch 2/5 [========                      ] 1/4 loss 1.5000 acc 0.2500",
                out.toString(StandardCharsets.UTF_8));
        out.reset();
        bar.onTrainingPassEnd(2);
        assertEquals(CLEARED, out.toString(StandardCharsets.UTF_8));
        out.reset();
        bar.onStopRequested(3, TrainingProgress.fresh());
        assertEquals(CLEARED, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutATerminalNothingIsPrinted() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), false);
        bar.afterStep(new EpochListener.Step(1, 1, 1, 1, 1, 1));
        bar.onTrainingPassEnd(1);
        assertTrue(out.size() == 0);
    }
}
