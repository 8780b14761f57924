package io.clothify.model.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The contract on its own: keys, the pointer's JSON, and the metric regexes against the lines the trainer logs. */
class ContractTest {

    @Test
    void keysFollowTheLayout() {
        assertEquals("models/current.json", ModelStoreLayout.POINTER_KEY);
        assertEquals("data/clothing-dataset-small/", ModelStoreLayout.dataPrefix(ModelStoreLayout.DEFAULT_DATASET));
        assertEquals("models/default-0123456789ab/model.tar.gz", ModelStoreLayout.defaultModelKey("0123456789ab"));
        assertEquals("checkpoints/job-1/", ModelStoreLayout.checkpointPrefix("job-1"));
        assertThrows(IllegalArgumentException.class, () -> ModelStoreLayout.dataPrefix("../x"));
        assertThrows(IllegalArgumentException.class, () -> ModelStoreLayout.defaultModelKey("ABC"));
    }

    @Test
    void thePointerRoundTripsAndAMalformedOneSaysSo() {
        ModelPointer pointer = new ModelPointer("s3://b/models/j/model.tar.gz", "j", 0.87, "2026-12-04T00:00:00Z");
        assertEquals(pointer, ModelPointer.parse(pointer.toJson()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelPointer.parse("{\"modelVersion\":\"j\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("Malformed model pointer"), e.getMessage());
    }

    @Test
    void everyMetricRegexFindsItsValueInTheLoggedLines() {
        String lines = TrainingLog.epochLine(3, 30, 0.41, 0.85, 0.39, 0.86, 0.001, 12.3) + "\n"
                + TrainingLog.testLine(0.35, 0.87);
        TrainingLog.METRIC_REGEXES.forEach((metric, regex) -> {
            Matcher m = Pattern.compile(regex).matcher(lines);
            assertTrue(m.find(), metric);
            Double.parseDouble(m.group(1));
        });
        assertTrue(TrainingLog.METRIC_REGEXES.containsKey(TrainingLog.TUNING_OBJECTIVE));
        assertTrue(TrainingLog.METRIC_REGEXES.containsKey(TrainingLog.GATE_METRIC));
    }

    @Test
    void tunedNamesAreNotPartOfARunOnlySettingAndChannelsIncludeTheRequiredOnes() {
        Hyperparameter.TUNED_NAMES.forEach(name -> assertTrue(!Hyperparameter.NOT_RECIPE.contains(name), name));
        assertTrue(TrainingChannels.DATA.contains(TrainingChannels.TRAIN)
                && TrainingChannels.DATA.contains(TrainingChannels.TEST));
    }
}
