package io.clothify.model.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.model.InputSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {
    /** Owns what a network holds outside its parameters (nothing, for these architectures). */
    private static NDManager MANAGER;

    @BeforeAll
    static void openManager() {
        MANAGER = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void closeManager() {
        MANAGER.close();
    }

    @Test
    void compactCnnStaysUnderOneHundredThousandParameters() {
        long params = Architectures.trainableParameters(Architectures.defaults(CompactCnn.NAME), 10,
                InputSpec.fashionMnist());
        assertTrue(params <= 100_000, "compact-cnn has " + params + " parameters");
        assertTrue(params > 50_000, "compact-cnn unexpectedly small: " + params);
    }

    @Test
    void compactCnnPoolsAfterTheConvolutionsItsSpecNames() {
        assertEquals(new Shape(1, 52, 3, 3), compactFeatureShape(Architectures.defaults(CompactCnn.NAME).args()));
        assertEquals(new Shape(1, 8, 3, 3), compactFeatureShape(
                Map.of("widths", List.of(8, 8, 8), "poolAfter", List.of(1, 2, 3), "dropout", 0)));
        assertEquals(new Shape(1, 8, 28, 28), compactFeatureShape(
                Map.of("widths", List.of(8), "poolAfter", List.of(), "dropout", 0)));
    }

    @Test
    void compactCnnFlattenHeadFeedsTheWholeLastFeatureMapToTheClassifier() {
        Map<String, Object> average = Map.of("widths", List.of(8, 8, 8), "poolAfter", List.of(1, 2, 3),
                "dropout", 0);
        Map<String, Object> flatten = Map.of("widths", List.of(8, 8, 8), "poolAfter", List.of(1, 2, 3),
                "dropout", 0, "head", CompactCnn.HEAD_FLATTEN);
        long averaged = Architectures.trainableParameters(new ArchitectureSpec(CompactCnn.NAME, average), 10,
                InputSpec.fashionMnist());
        long flattened = Architectures.trainableParameters(new ArchitectureSpec(CompactCnn.NAME, flatten), 10,
                InputSpec.fashionMnist());
        // the classifier reads 8 channels x 3x3 positions instead of 8 channel averages
        assertEquals(averaged - 8 * 10 + 8 * 3 * 3 * 10, flattened);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = Architectures.build(new ArchitectureSpec(CompactCnn.NAME, flatten), 10, MANAGER);
            Shape input = new Shape(2, 1, 28, 28);
            net.initialize(manager, DataType.FLOAT32, input);
            NDArray out = net.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(input)),
                    false).singletonOrThrow();
            assertEquals(new Shape(2, 10), out.getShape());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(new ArchitectureSpec(CompactCnn.NAME,
                        Map.of("widths", List.of(8), "dropout", 0, "head", "max")), 10, MANAGER));
        assertTrue(bad.getMessage().contains("head"), bad.getMessage());
    }

    @Test
    void compactCnnFirstStrideHalvesTheImageWithoutAPool() {
        assertEquals(new Shape(1, 8, 14, 14), compactFeatureShape(
                Map.of("widths", List.of(8, 8), "poolAfter", List.of(), "dropout", 0, "firstStride", 2)));
        assertEquals(new Shape(1, 8, 3, 3), compactFeatureShape(Map.of("widths", List.of(8, 8, 8),
                "poolAfter", List.of(2, 3), "dropout", 0, "firstStride", 2)));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> compactFeatureShape(Map.of("widths", List.of(8), "dropout", 0, "firstStride", 3)));
        assertTrue(bad.getMessage().contains("first_stride"), bad.getMessage());
    }

    @Test
    void compactCnnPoolsBeforeTheBatchNormOnlyWhenItsSpecSaysSo() {
        Map<String, Object> normFirst = Map.of("widths", List.of(8, 8), "poolAfter", List.of(1), "dropout", 0);
        Map<String, Object> poolFirst = Map.of("widths", List.of(8, 8), "poolAfter", List.of(1), "dropout", 0,
                "poolBeforeNorm", true);
        assertEquals(List.of("ChannelsLastConv2d", "BatchNorm", "LambdaBlock", "LambdaBlock"),
                firstLayerBlocks(normFirst));
        assertEquals(List.of("ChannelsLastConv2d", "LambdaBlock", "BatchNorm", "LambdaBlock"),
                firstLayerBlocks(poolFirst));
        // the same parameters in the same order, so only the spec tells the two apart
        assertEquals(Architectures.trainableParameters(new ArchitectureSpec(CompactCnn.NAME, normFirst), 10,
                InputSpec.fashionMnist()), Architectures.trainableParameters(
                new ArchitectureSpec(CompactCnn.NAME, poolFirst), 10, InputSpec.fashionMnist()));
        assertEquals(new Shape(1, 8, 14, 14), compactFeatureShape(poolFirst));
    }

    @Test
    void compactCnnSpecsWithoutStrideOrNormOrderKeepTheFirstLayout() {
        CompactCnn.Config config = new ObjectMapper().convertValue(
                Map.of("widths", List.of(32, 48), "poolAfter", List.of(1), "dropout", 0.2, "head", "flatten"),
                CompactCnn.Config.class);
        assertEquals(1, config.firstStride());
        assertEquals(false, config.poolBeforeNorm());
    }

    private static List<String> firstLayerBlocks(Map<String, Object> args) {
        SequentialBlock net = Architectures.build(new ArchitectureSpec(CompactCnn.NAME, args), 10, MANAGER);
        return Architectures.backbone(net).getChildren().values().get(0).getChildren().values().stream()
                .map(block -> block.getClass().getSimpleName()).toList();
    }

    @Test
    void compactCnnArtifactsWrittenBeforePoolAfterExistedRebuildTheirLayout() {
        Map<String, Object> legacy = Map.of("widths", List.of(32, 32, 64, 64, 56), "dropout", 0.2);
        CompactCnn.Config config = new ObjectMapper().convertValue(legacy, CompactCnn.Config.class);
        assertEquals(List.of(2, 4), config.poolAfter());
        assertEquals(CompactCnn.HEAD_AVERAGE, config.head());
        assertEquals(new Shape(1, 56, 7, 7), compactFeatureShape(legacy));
        assertEquals(98_122, Architectures.trainableParameters(new ArchitectureSpec(CompactCnn.NAME, legacy), 10,
                InputSpec.fashionMnist()));
    }

    @Test
    void compactCnnSavedWithThePoolAfterTheReluLoadsAndComputesTheSameFunction() throws Exception {
        // the layout of the Fashion-MNIST models shipped while the pool still followed the ReLU
        CompactCnn.Config config = new CompactCnn.Config(List.of(32, 48, 48, 64, 60), List.of(1, 3), 0.2,
                CompactCnn.HEAD_AVERAGE);
        Shape input = new Shape(4, 1, 28, 28);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock reluFirst = reluBeforePool(config);
            reluFirst.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(input);
            ParameterStore store = new ParameterStore(manager, false);
            // a training pass moves the batch-norm running statistics away from their initial values
            reluFirst.forward(store, new NDList(x), true);
            NDArray expected = reluFirst.forward(store, new NDList(x), false).singletonOrThrow();
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            reluFirst.saveParameters(new DataOutputStream(saved));

            SequentialBlock current = CompactCnn.build(config, 10);
            current.initialize(manager, DataType.FLOAT32, input);
            current.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
            NDArray actual = current.forward(store, new NDList(x), false).singletonOrThrow();
            assertTrue(expected.allClose(actual, 1e-5, 1e-5, false), "outputs differ after loading");
        }
    }

    @Test
    void channelsLastFirstLayerTrainsTheSameFunctionAsThePlainLayout() throws Exception {
        // no dropout, so that a training pass is deterministic and the two networks can be compared
        List<CompactCnn.Config> configs = List.of(
                new CompactCnn.Config(List.of(8, 12, 12, 16, 10), List.of(1, 3, 5), 0, CompactCnn.HEAD_FLATTEN, 1,
                        false),
                new CompactCnn.Config(List.of(8, 12, 12, 16, 10), List.of(1, 3, 5), 0, CompactCnn.HEAD_FLATTEN, 1,
                        true),
                new CompactCnn.Config(List.of(8, 12, 12, 16, 10), List.of(3, 5), 0, CompactCnn.HEAD_AVERAGE, 2,
                        true));
        for (CompactCnn.Config config : configs) {
            Shape input = new Shape(6, 1, 28, 28);
            try (NDManager manager = NDManager.newBaseManager()) {
                SequentialBlock plain = CompactCnn.build(config, 10, false);
                plain.initialize(manager, DataType.FLOAT32, input);
                ByteArrayOutputStream saved = new ByteArrayOutputStream();
                plain.saveParameters(new DataOutputStream(saved));
                SequentialBlock channelsLast = CompactCnn.build(config, 10);
                channelsLast.initialize(manager, DataType.FLOAT32, input);
                channelsLast.loadParameters(manager,
                        new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));

                NDArray x = manager.randomNormal(input);
                NDArray weights = manager.randomNormal(new Shape(6, 10));
                List<NDArray> expected = outputAndGradients(plain, manager, x, weights);
                List<NDArray> actual = outputAndGradients(channelsLast, manager, x, weights);
                assertEquals(expected.size(), actual.size());
                for (int i = 0; i < expected.size(); i++) {
                    // the two layouts sum in different orders, so compare to the scale of the whole array: a wrong
                    // layout would move elements by about that scale, rounding by a few millionths of it
                    float scale = expected.get(i).abs().max().getFloat();
                    float difference = expected.get(i).sub(actual.get(i)).abs().max().getFloat();
                    assertTrue(difference <= 1e-4f * scale, (i == 0 ? "outputs" : "gradient " + i) + " differ by "
                            + difference + " at scale " + scale + ", " + config);
                }
            }
        }
    }

    /** A training pass: the output, then the gradient of every parameter for a fixed weighting of the outputs. */
    private static List<NDArray> outputAndGradients(SequentialBlock net, NDManager manager, NDArray x,
            NDArray weights) {
        List<Parameter> trained = net.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
        trained.forEach(p -> p.getArray().setRequiresGradient(true));
        List<NDArray> result = new ArrayList<>();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = net.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            collector.backward(out.mul(weights).sum());
            result.add(out.duplicate());
        }
        trained.forEach(p -> result.add(p.getArray().getGradient().duplicate()));
        return result;
    }

    /** The layer order this network had before the pool moved in front of the ReLU. */
    private static SequentialBlock reluBeforePool(CompactCnn.Config config) {
        SequentialBlock backbone = new SequentialBlock();
        for (int i = 0; i < config.widths().size(); i++) {
            backbone.add(CompactCnn.convLayer(config.widths().get(i), 1, false, false, false)); // conv-BN-ReLU
            if (config.poolAfter().contains(i + 1)) {
                backbone.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        backbone.add(Pool.globalAvgPool2dBlock());
        SequentialBlock head = new SequentialBlock()
                .add(Dropout.builder().optRate((float) config.dropout()).build())
                .add(Linear.builder().setUnits(10).build());
        return new SequentialBlock().add(backbone).add(head);
    }

    /** The shape of the feature map the compact-cnn backbone hands to its global average pool. */
    private static Shape compactFeatureShape(Map<String, Object> args) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = Architectures.build(new ArchitectureSpec(CompactCnn.NAME, args), 10, MANAGER);
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
                SequentialBlock net = Architectures.build(spec, 10, MANAGER);
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
                () -> Architectures.build(new ArchitectureSpec("resnet-9000", Map.of()), 10, MANAGER));
        assertTrue(unknown.getMessage().contains("resnet-9000"), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(new ArchitectureSpec(CompactCnn.NAME,
                        Map.of("widths", List.of(8), "dropout", 1.5)), 10, MANAGER));
        assertTrue(bad.getMessage().contains("dropout"), bad.getMessage());
        IllegalArgumentException badPools = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(new ArchitectureSpec(CompactCnn.NAME,
                        Map.of("widths", List.of(8, 8), "poolAfter", List.of(2, 1), "dropout", 0)), 10, MANAGER));
        assertTrue(badPools.getMessage().contains("pool_after"), badPools.getMessage());
    }
}
