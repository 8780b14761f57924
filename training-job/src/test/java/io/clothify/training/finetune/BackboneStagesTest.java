package io.clothify.training.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.PhotoCnn;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.training.Fixtures;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackboneStagesTest {
    /** Owns the TorchScript modules the tests load, so they are freed after each test. */
    private final NDManager manager = NDManager.newBaseManager("PyTorch");

    @AfterEach
    void freeModules() {
        manager.close();
    }

    @Test
    void aTorchScriptBackbonesStagesAreItsParameterNamesFirstParts() {
        Block backbone = Architectures.backbone(Architectures.build(Architectures.spec(TorchScriptNet.NAME,
                new TorchScriptNet.Config(Fixtures.tinyResNet().toString(), 0, 0)), 3, manager));
        BackboneStages stages = BackboneStages.of(backbone);
        assertEquals(List.of("conv1", "bn1", "layer1", "layer2"), stages.names());
        assertEquals(List.of("layer2"), stages.last(1));
        assertEquals(stages.names(), stages.last(0));
        assertEquals(3, stages.parameters("layer2").size()); // conv weight, BatchNorm weight and bias
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> stages.last(5));
        assertTrue(tooMany.getMessage().contains("unfreeze_stages=5")
                && tooMany.getMessage().contains("conv1, bn1, layer1, layer2"), tooMany.getMessage());
    }

    @Test
    void ourOwnBackbonesStagesAreItsChildrenWithParameters() {
        Block backbone = Architectures.backbone(Architectures.build(
                Architectures.spec(PhotoCnn.NAME, PhotoCnn.Config.defaults()), 3, manager));
        BackboneStages stages = BackboneStages.of(backbone);
        long withParameters = backbone.getChildren().values().stream()
                .filter(child -> !child.getParameters().isEmpty()).count();
        assertEquals(withParameters, stages.names().size());
        assertTrue(withParameters < backbone.getChildren().size(), "the ReLU and pooling children have none");
        assertEquals(backbone.getChildren().get(backbone.getChildren().size() - 2).getKey(),
                stages.last(1).getFirst());
    }
}
