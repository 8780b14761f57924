package io.clothify.training.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.contract.TrainingLog;
import io.clothify.training.loop.EpochRecord;
import io.clothify.training.loop.TrainingProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EpochLogListenerTest {
    @Test
    void eachEpochPrintsOneLineThatSageMakersRegexesRead() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EpochLogListener listener = new EpochLogListener(new PrintStream(out, false, StandardCharsets.UTF_8), 30);
        listener.onEpochEnd(new EpochRecord(7, 1.25, 0.5, 0.875, 0.625, 0.0015, 12.5, 10, 640),
                TrainingProgress.fresh());
        String log = out.toString(StandardCharsets.UTF_8); // flushed, though the stream does not autoflush
        assertEquals(TrainingLog.epochLine(7, 30, 1.25, 0.5, 0.875, 0.625, 0.0015, 12.5) + System.lineSeparator(),
                log);
        assertTrue(log.startsWith("epoch=7/30 "), log);
        for (Map.Entry<String, String> metric : TrainingLog.METRIC_REGEXES.entrySet()) {
            if (metric.getKey().startsWith("test")) {
                continue;
            }
            Matcher m = Pattern.compile(metric.getValue()).matcher(log);
            assertTrue(m.find(), metric.getKey() + " not in " + log);
        }
    }
}
