package io.clothify.model.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.clothify.model.contract.ModelZooBackbones;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Short names, model-zoo URLs, S3 URIs and files as {@code backbone} values, all checked offline. */
class BackboneSourceTest {

    @Test
    void shortNamesAreTheModelZoosImageNetNetworks() {
        assertEquals(List.of("resnet18", "resnet50"), ModelZooBackbones.names());
        assertEquals("djl://ai.djl.pytorch/resnet18_embedding", BackboneSource.url("resnet18"));
        assertEquals("djl://ai.djl.pytorch/resnet/0.0.1/traced_resnet50", BackboneSource.url("resnet50"));
        assertEquals("/x/resnet18.pt", BackboneSource.url("/x/resnet18.pt"));
        assertTrue(BackboneSource.isModelZoo("resnet18"));
        assertTrue(BackboneSource.isModelZoo("djl://ai.djl.pytorch/resnet18_embedding"));
        assertFalse(BackboneSource.isModelZoo("./resnet18"));
        assertEquals(OptionalInt.of(224), BackboneSource.trainedImageSize("resnet50"));
        assertEquals(OptionalInt.of(224), BackboneSource.trainedImageSize("djl://ai.djl.pytorch/resnet18_embedding"));
        assertEquals(OptionalInt.empty(), BackboneSource.trainedImageSize("/x/backbone.pt"));
    }

    @Test
    void aShortNameIsRefusedOfflineNamingItsUrlAndWhatToDo() {
        assertTrue(Boolean.getBoolean("ai.djl.offline"), "tests run with ai.djl.offline=true");
        IllegalArgumentException offline = assertThrows(IllegalArgumentException.class,
                () -> BackboneSource.localFile("resnet18"));
        assertTrue(offline.getMessage().contains("'resnet18' (djl://ai.djl.pytorch/resnet18_embedding)")
                && offline.getMessage().contains("ai.djl.offline=true")
                && offline.getMessage().contains("backbone=/path/to/backbone.pt"), offline.getMessage());
    }

    @Test
    void anUnknownShortNameListsTheKnownOnes() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> BackboneSource.check("xception"));
        assertTrue(unknown.getMessage().contains("Unknown backbone 'xception'")
                && unknown.getMessage().contains("[resnet18, resnet50]"), unknown.getMessage());
    }

    @Test
    void anS3UriIsLeftToThePipelinesChannel() {
        IllegalArgumentException s3 = assertThrows(IllegalArgumentException.class,
                () -> BackboneSource.check("s3://bucket/models/backbones/resnet18.pt"));
        assertTrue(s3.getMessage().contains("'backbone' channel"), s3.getMessage());
    }

    @Test
    void aPooledFeatureMapIsFlattenedBeforeTheHead() {
        Path file = fixture("tiny-feature-map-backbone.pt");
        try (Model model = Model.newInstance("t", "PyTorch")) {
            model.setBlock(Architectures.build(Architectures.spec(TorchScriptNet.NAME,
                    new TorchScriptNet.Config(file.toString(), 8, 0.0)), 3, model.getNDManager()));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(new Shape(2, 3, 32, 32));
                NDArray x = model.getNDManager().randomUniform(0, 1, new Shape(2, 3, 32, 32));
                assertEquals(new Shape(2, 16, 1, 1), Architectures.backbone(model.getBlock())
                        .forward(new ParameterStore(), new NDList(x), false).singletonOrThrow().getShape());
                assertEquals(new Shape(2, 3), trainer.evaluate(new NDList(x)).singletonOrThrow().getShape());
                assertEquals(16 * 8 + 8 + 8 * 3 + 3, Architectures.trainableParameters(model.getBlock())
                        - (3 * 8 * 9 + 8 + 8 * 16 * 9 + 16), "the head reads 16 features");
            }
        }
    }

    private static Path fixture(String name) {
        try {
            return Path.of(BackboneSourceTest.class.getResource("/backbone/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
