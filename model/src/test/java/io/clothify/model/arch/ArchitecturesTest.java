package io.clothify.model.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.model.InputSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {

    @Test
    void compactCnnStaysUnderOneHundredThousandParameters() {
        long params = Architectures.trainableParameters(Architectures.defaults(CompactCnn.NAME), 10,
                InputSpec.fashionMnist());
        assertTrue(params <= 100_000, "compact-cnn has " + params + " parameters");
        assertTrue(params > 50_000, "compact-cnn unexpectedly small: " + params);
    }

    @Test
    void compactCnnPoolsAfterTheConvolutionsItsSpecNames() {
        assertEquals(new Shape(1, 60, 7, 7), compactFeatureShape(Architectures.defaults(CompactCnn.NAME).args()));
        assertEquals(new Shape(1, 8, 3, 3), compactFeatureShape(
                Map.of("widths", List.of(8, 8, 8), "poolAfter", List.of(1, 2, 3), "dropout", 0)));
        assertEquals(new Shape(1, 8, 28, 28), compactFeatureShape(
                Map.of("widths", List.of(8), "poolAfter", List.of(), "dropout", 0)));
    }

    @Test
    void compactCnnArtifactsWrittenBeforePoolAfterExistedRebuildTheirLayout() {
        Map<String, Object> legacy = Map.of("widths", List.of(32, 32, 64, 64, 56), "dropout", 0.2);
        CompactCnn.Config config = new ObjectMapper().convertValue(legacy, CompactCnn.Config.class);
        assertEquals(List.of(2, 4), config.poolAfter());
        assertEquals(new Shape(1, 56, 7, 7), compactFeatureShape(legacy));
        assertEquals(98_122, Architectures.trainableParameters(new ArchitectureSpec(CompactCnn.NAME, legacy), 10,
                InputSpec.fashionMnist()));
    }

    /** The shape of the feature map the compact-cnn backbone hands to its global average pool. */
    private static Shape compactFeatureShape(Map<String, Object> args) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = Architectures.build(new ArchitectureSpec(CompactCnn.NAME, args), 10);
            Shape input = Architectures.inputShape(InputSpec.fashionMnist());
            net.initialize(manager, DataType.FLOAT32, input);
            List<ai.djl.nn.Block> layers = Architectures.backbone(net).getChildren().values();
            Shape[] shapes = {input};
            for (ai.djl.nn.Block layer : layers.subList(0, layers.size() - 1)) {
                shapes = layer.getOutputShapes(shapes);
            }
            return shapes[0];
        }
    }

    @Test
    void photoCnnRebuildsFromItsSpecAtAnyInputSize() {
        ArchitectureSpec spec = Architectures.spec(PhotoCnn.NAME,
                new PhotoCnn.Config(List.of(8, 16), 1, 32, 0.5));
        for (int size : new int[] {32, 64, 96}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                SequentialBlock net = Architectures.build(spec, 10);
                net.initialize(manager, DataType.FLOAT32, new Shape(2, 3, size, size));
                NDArray out = net.forward(new ParameterStore(manager, false),
                        new NDList(manager.randomUniform(0, 1, new Shape(2, 3, size, size))), false)
                        .singletonOrThrow();
                assertEquals(new Shape(2, 10), out.getShape());
            }
        }
    }

    @Test
    void innerDenseLayerAddsItsParameters() {
        long without = Architectures.trainableParameters(
                Architectures.spec(PhotoCnn.NAME, new PhotoCnn.Config(List.of(8, 16), 1, 0, 0)), 10,
                InputSpec.rgb(32, 1.0));
        long with = Architectures.trainableParameters(
                Architectures.spec(PhotoCnn.NAME, new PhotoCnn.Config(List.of(8, 16), 1, 32, 0)), 10,
                InputSpec.rgb(32, 1.0));
        // 16*32+32 (inner) + 32*10+10 (classifier) replaces 16*10+10
        assertEquals(without - (16 * 10 + 10) + (16 * 32 + 32) + (32 * 10 + 10), with);
    }

    @Test
    void unknownArchitectureOrBadArgumentsAreNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(new ArchitectureSpec("resnet-9000", Map.of()), 10));
        assertTrue(unknown.getMessage().contains("resnet-9000"), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(new ArchitectureSpec(CompactCnn.NAME,
                        Map.of("widths", List.of(8), "dropout", 1.5)), 10));
        assertTrue(bad.getMessage().contains("dropout"), bad.getMessage());
        IllegalArgumentException badPools = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(new ArchitectureSpec(CompactCnn.NAME,
                        Map.of("widths", List.of(8, 8), "poolAfter", List.of(2, 1), "dropout", 0)), 10));
        assertTrue(badPools.getMessage().contains("pool_after"), badPools.getMessage());
    }
}
