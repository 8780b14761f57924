package io.clothify.training.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.contract.Hyperparameter.TunedRange;
import io.clothify.model.contract.Hyperparameter;
import io.clothify.training.data.DatasetKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The declarative table: --help, checks and records come from it, and the contract's names are its names. */
class HyperparameterTableTest {

    @Test
    void helpIsTheTextUsersKnow() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/config/usage.txt")) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), CommandLine.usage());
        }
    }

    @Test
    void everySettingIsARecordComponentAndBack() {
        assertEquals(Arrays.stream(Hyperparameters.class.getRecordComponents())
                        .map(c -> RecordComponents.snakeCase(c.getName())).collect(Collectors.toSet()),
                Hyperparameters.DESCRIPTIONS.keySet());
    }

    @Test
    void theContractsNamesAreHyperparameters() {
        Hyperparameter.NOT_RECIPE.forEach(name -> assertTrue(Hyperparameters.DESCRIPTIONS.containsKey(name), name));
        for (String name : new String[] {Hyperparameter.EPOCHS, Hyperparameter.TIME_LIMIT_SECONDS,
                Hyperparameter.PRETRAINED, Hyperparameter.BACKBONE}) {
            assertTrue(Hyperparameters.DESCRIPTIONS.containsKey(name), name);
        }
    }

    @Test
    void everyTunedRangeIsAcceptedAtBothEnds() {
        for (TunedRange range : Hyperparameter.TUNED) {
            for (String value : new String[] {range.min(), range.max()}) {
                Hyperparameters hp = Hyperparameters.resolve(Map.of(range.name(), value, "threads", "1"),
                        DatasetKind.IMAGE_FOLDERS, "d");
                Object recorded = hp.asMap().get(range.name());
                Class<?> type = range.integer() ? Integer.class : Double.class;
                assertInstanceOf(type, recorded, range.name());
                assertEquals(Double.parseDouble(value), ((Number) recorded).doubleValue(), range.name());
            }
        }
    }

    @Test
    void theArtifactRecordsTheEffectiveNetworkAndOnlyItsArchitecturesSettings() {
        Map<String, Object> compact = Hyperparameters.resolve(Map.of(), DatasetKind.IDX, "f").asMap();
        Map<String, Object> photo = Hyperparameters.resolve(Map.of(), DatasetKind.IMAGE_FOLDERS, "p").asMap();
        Set<String> recorded = new HashSet<>(Hyperparameters.DESCRIPTIONS.keySet());
        recorded.remove("backbone_learning_rate"); // recorded only when given
        assertEquals(recorded, compact.keySet());
        assertTrue(!photo.containsKey("head") && !photo.containsKey("pool_after") && photo.containsKey("widths"));
        assertEquals("onecycle", photo.get("schedule"));
        assertEquals("flip,crop,rotate,color,erase", photo.get("augment"));
        assertEquals(42L, photo.get("seed"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            IDX           | image_size=8.5      | Invalid hyperparameter image_size='8.5': expected a whole number
            IDX           | crop_fraction=0.3   | Invalid hyperparameter crop_fraction='0.3': expected in (0.3, 1]
            IDX           | warmup_fraction=1   | Invalid hyperparameter warmup_fraction='1.0': expected in [0, 1)
            IDX           | optimizer=Lion      | Invalid hyperparameter optimizer='lion': expected adamw, adam or sgd
            IDX           | optimizer=          | Invalid hyperparameter optimizer='': expected adamw, adam or sgd
            IDX           | architecture=       | Invalid hyperparameter architecture='': expected one of [compact-cnn, photo-cnn, torchscript]
            IDX           | schedule=fast       | Invalid hyperparameter schedule='fast': expected onecycle, cosine or constant
            IDX           | max_minutes=100001  | Invalid hyperparameter max_minutes='100001.0': expected 0..100000
            IDX           | test_time_shift=5   | Invalid hyperparameter test_time_shift='5': expected 0..4
            IDX           | widths=a,b          | Invalid hyperparameter widths='a,b': expected comma-separated whole numbers
            IMAGE_FOLDERS | head=gap            | Invalid hyperparameter head='gap': expected nothing for photo-cnn (head applies to compact-cnn)
            IMAGE_FOLDERS | threads=0           | Invalid hyperparameter threads='0': expected 1..256
            """)
    void messagesSayWhatWasExpected(DatasetKind kind, String assignment, String message) {
        String[] kv = assignment.split("=", -1);
        Map<String, String> given = new HashMap<>(Map.of("threads", "1"));
        given.put(kv[0], kv[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hyperparameters.resolve(given, kind, "d"));
        assertEquals(message, e.getMessage());
    }
}
