package io.clothify.training.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.training.Fixtures;
import io.clothify.training.config.Hyperparameters;
import io.clothify.training.data.DatasetKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How freeze_backbone, unfreeze_after, unfreeze_stages and backbone_learning_rate combine. */
class FineTuningTest {

    @Test
    void withoutTheNewSettingsARecipeMeansWhatItMeantBefore() {
        FineTuning trained = plan(Map.of());
        assertEquals(new FineTuning(0, 0, 1.0), trained);
        assertTrue(trained.backboneTrainsIn(1));
        FineTuning frozen = plan(Map.of("freeze_backbone", "true"));
        assertEquals(FineTuning.WHOLE_RUN, frozen.frozenEpochs());
        assertFalse(frozen.backboneTrainsIn(1000));
    }

    @Test
    void unfreezeAfterFreezesTheFirstEpochsWithOrWithoutFreezeBackbone() {
        for (Map<String, String> given : new Map[] {Map.of("unfreeze_after", "3"),
                Map.of("unfreeze_after", "3", "freeze_backbone", "true")}) {
            FineTuning plan = plan(given);
            assertFalse(plan.backboneTrainsIn(3), given.toString());
            assertTrue(plan.backboneTrainsIn(4), given.toString());
        }
    }

    @Test
    void theBackboneRateIsAShareOfTheHeadsAndIsRecordedAsGivenOrAsTheHeads() {
        Hyperparameters hp = resolve(Map.of("learning_rate", "0.01", "backbone_learning_rate", "0.001",
                "unfreeze_after", "2", "unfreeze_stages", "1"));
        assertEquals(0.1, FineTuning.of(hp).rateFactor(), 1e-12);
        assertEquals(1, FineTuning.of(hp).stages());
        Map<String, Object> recorded = hp.asMap();
        assertEquals(0.001, recorded.get("backbone_learning_rate"));
        assertEquals(2, recorded.get("unfreeze_after"));
        assertEquals(1, recorded.get("unfreeze_stages"));
        assertFalse(resolve(Map.of("learning_rate", "0.01")).asMap().containsKey("backbone_learning_rate"),
                "not given, it is the learning rate: recording it would make the recipe refuse itself");
    }

    /** The pipeline replays an artifact's recorded hyperparameters (the shipped recipe): they must resolve again. */
    @Test
    void aRecordedRecipeResolvesAgain() {
        for (Map<String, String> given : List.<Map<String, String>>of(Map.of(), Map.of("freeze_backbone", "true"),
                Map.of("unfreeze_after", "2", "unfreeze_stages", "1", "backbone_learning_rate", "0.0001"))) {
            Map<String, String> backbone = new HashMap<>(given);
            backbone.put("backbone", Fixtures.tinyBackbone().toString());
            for (Hyperparameters hp : List.of(resolve(backbone),
                    Hyperparameters.resolve(Map.of(), DatasetKind.IMAGE_FOLDERS, "clothing"))) {
                Map<String, String> replayed = new HashMap<>();
                hp.asMap().forEach((name, value) -> replayed.put(name, value instanceof List<?> list
                        ? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(value)));
                assertEquals(hp.asMap(), Hyperparameters.resolve(replayed, DatasetKind.IMAGE_FOLDERS, "clothing")
                        .asMap(), replayed.toString());
            }
        }
    }

    @Test
    void settingsThatWouldDoNothingAreRefusedWithWhatToDo() {
        IllegalArgumentException scratch = assertThrows(IllegalArgumentException.class,
                () -> Hyperparameters.resolve(Map.of("unfreeze_after", "2"), DatasetKind.IMAGE_FOLDERS, "clothing"));
        assertTrue(scratch.getMessage().contains("unfreeze_after=2") && scratch.getMessage().contains("pretrained"),
                scratch.getMessage());
        IllegalArgumentException frozen = assertThrows(IllegalArgumentException.class,
                () -> resolve(Map.of("freeze_backbone", "true", "unfreeze_stages", "1")));
        assertTrue(frozen.getMessage().contains("add unfreeze_after=N"), frozen.getMessage());
        assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("backbone_learning_rate", "0")));
        assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("unfreeze_stages", "-1")));
    }

    private static FineTuning plan(Map<String, String> given) {
        return FineTuning.of(resolve(given));
    }

    private static Hyperparameters resolve(Map<String, String> given) {
        Map<String, String> all = new HashMap<>(given);
        all.put("backbone", Fixtures.tinyResNet().toString());
        return Hyperparameters.resolve(all, DatasetKind.IMAGE_FOLDERS, "clothing");
    }
}
