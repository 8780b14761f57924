package io.clothify.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import io.clothify.model.InputSpec;
import io.clothify.model.contract.ModelZooBackbones;
import io.clothify.model.contract.ModelZooBackbones.ZooBackbone;
import io.clothify.training.config.Hyperparameters;
import io.clothify.training.data.DatasetKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model-zoo backbones as far as they go offline: each short name's URL is parsed by DJL's own repository
 * factory against the {@code ai.djl.pytorch} zoo on the training job's class path (no download happens until a
 * model is loaded), and with {@code ai.djl.offline=true} a run is refused before any work with what to do instead.
 */
class ModelZooBackboneTest {

    @Test
    void everyShortNameIsANetworkOfTheZooOnTheClassPath() {
        for (ZooBackbone network : ModelZooBackbones.ALL) {
            Repository repository = Repository.newInstance("backbone", network.url());
            List<MRL> resources = repository.getResources();
            assertEquals(1, resources.size(), network.url());
            MRL mrl = resources.getFirst();
            assertEquals("ai.djl.pytorch", mrl.getGroupId());
            assertTrue(network.url().startsWith("djl://ai.djl.pytorch/" + mrl.getArtifactId()), network.url());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Repository.newInstance("backbone", "djl://ai.djl.pytorch/resnet18_no_such_model"),
                "a URL the zoo does not know fails in DJL's parser, so the check above can fail");
    }

    @Test
    void offlineAShortNameIsRefusedNamingItsUrlAndAnUnknownOneListsTheKnown() {
        assertTrue(Boolean.getBoolean("ai.djl.offline"), "tests run with ai.djl.offline=true");
        IllegalArgumentException offline = assertThrows(IllegalArgumentException.class, () -> resolve("resnet50"));
        assertTrue(offline.getMessage().contains("djl://ai.djl.pytorch/resnet/0.0.1/traced_resnet50")
                && offline.getMessage().contains("ai.djl.offline=true"), offline.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> resolve("xception"));
        assertTrue(unknown.getMessage().contains("[resnet18, resnet50]"), unknown.getMessage());
    }

    @Test
    void aShortNameDefaultsTheInputToTheSizeTheNetworkWasTrainedAtWithImageNetNormalization() {
        // Resolving only checks the form of the value; nothing is downloaded before architectureSpec().
        String offline = System.getProperty("ai.djl.offline");
        System.setProperty("ai.djl.offline", "false");
        try {
            Hyperparameters zoo = resolve("resnet18");
            assertEquals("torchscript", zoo.architecture());
            assertEquals(224, zoo.imageSize());
            assertEquals(InputSpec.rgb(224, 0.875), zoo.inputSpec(3), "ImageNet's mean/std, 256 px then a 224 crop");
            assertEquals(160, Hyperparameters.resolve(Map.of("backbone", "resnet18", "image_size", "160"),
                    DatasetKind.IMAGE_FOLDERS, "clothing").imageSize());
        } finally {
            System.setProperty("ai.djl.offline", offline);
        }
        assertEquals(128, resolve(Fixtures.tinyBackbone().toString()).imageSize(), "a file's size is unknown");
    }

    private static Hyperparameters resolve(String backbone) {
        return Hyperparameters.resolve(Map.of("backbone", backbone), DatasetKind.IMAGE_FOLDERS, "clothing");
    }
}
