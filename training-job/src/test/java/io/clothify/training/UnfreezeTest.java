package io.clothify.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.training.data.DataLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's recipe on the clothing fixtures with the tiny ResNet-shaped backbone (stages conv1, bn1, layer1,
 * layer2): the head alone for 3 epochs, then layer2 too at a tenth of the head's rate. The run is stopped and
 * resumed twice, at the unfreeze boundary (epochs 1-3, then 4) and after it (5-6), and the checkpoint of each part is
 * compared with the one before.
 */
class UnfreezeTest {
    static final Map<String, String> RECIPE = Map.ofEntries(Map.entry("backbone", Fixtures.tinyResNet().toString()),
            Map.entry("image_size", "32"), Map.entry("batch_size", "16"), Map.entry("learning_rate", "0.1"),
            Map.entry("backbone_learning_rate", "0.01"), Map.entry("unfreeze_after", "3"),
            Map.entry("unfreeze_stages", "1"), Map.entry("dropout", "0"), Map.entry("augment", "flip"),
            Map.entry("threads", "2"), Map.entry("seed", "3"));
    static final List<String> FROZEN_STAGES = List.of("conv1", "bn1", "layer1");

    @TempDir
    static Path temp;
    static Map<String, float[]> original;
    static float[] originalFeatures;
    static Snapshot frozen;
    static Snapshot atUnfreeze;
    static Snapshot afterUnfreeze;
    static TrainingOutcome outcome;

    record Snapshot(Map<String, float[]> backbone, Map<String, float[]> head, float[] features) {}

    @BeforeAll
    static void trainInThreeParts() throws IOException {
        try (Model model = Model.newInstance("original", "PyTorch")) {
            model.setBlock(Architectures.build(spec(), 10, model.getNDManager()));
            original = weights(Architectures.backbone(model.getBlock()));
            originalFeatures = features(model);
        }
        frozen = trainUntil(3);
        atUnfreeze = trainUntil(4);
        outcome = null;
        afterUnfreeze = trainUntil(6);
    }

    static Snapshot trainUntil(int epochs) throws IOException {
        Map<String, String> hp = new HashMap<>(RECIPE);
        hp.put("epochs", String.valueOf(epochs));
        outcome = TrainingRunTest.run(DataLocation.fromDataDir(Fixtures.clothing()), temp.resolve("out"), hp,
                new ByteArrayOutputStream());
        Path copy = temp.resolve("epoch" + epochs);
        Files.createDirectories(copy);
        Files.copy(temp.resolve("out/checkpoints/last-0000.params"), copy.resolve("last-0000.params"));
        try (Model model = Model.newInstance("checkpoint", "PyTorch")) {
            model.setBlock(Architectures.forParameters(spec(), 10, model.getNDManager()));
            model.load(copy, "last");
            return new Snapshot(weights(Architectures.backbone(model.getBlock())),
                    weights(model.getBlock().getChildren().get(1).getValue()), features(model));
        } catch (MalformedModelException e) {
            throw new IOException(e);
        }
    }

    @Test
    void frozenEpochsLeaveTheBackboneAndItsBatchNormStatisticsBitIdentical() {
        assertSame(original, frozen.backbone(), List.of("conv1", "bn1", "layer1", "layer2"));
        assertArrayEquals(originalFeatures, frozen.features(), "the backbone's features changed: BatchNorm statistics"
                + " moved");
    }

    @Test
    void afterUnfreezeAfterOnlyTheLastStageLearnsAndTheHeadToo() {
        assertSame(original, atUnfreeze.backbone(), FROZEN_STAGES);
        assertChanged(frozen.backbone(), atUnfreeze.backbone(), "layer2");
        assertFalse(Arrays.equals(frozen.head().values().iterator().next(),
                atUnfreeze.head().values().iterator().next()), "the head did not learn");
    }

    @Test
    void aRunResumedAfterTheUnfreezeEpochTrainsTheSameStages() {
        assertEquals(4, outcome.resumedFromEpoch());
        assertSame(original, afterUnfreeze.backbone(), FROZEN_STAGES);
        assertChanged(atUnfreeze.backbone(), afterUnfreeze.backbone(), "layer2");
    }

    @Test
    void theLossFallsAndTheArtifactRecordsTheRecipe() {
        assertEquals(6, outcome.history().size());
        assertTrue(outcome.history().getLast().trainLoss() < outcome.history().getFirst().trainLoss(),
                "train loss did not fall: " + outcome.history());
        Map<String, Object> recorded = outcome.metadata().hyperparameters();
        assertEquals(3, recorded.get("unfreeze_after"));
        assertEquals(1, recorded.get("unfreeze_stages"));
        assertEquals(0.01, recorded.get("backbone_learning_rate"));
        assertEquals(false, recorded.get("freeze_backbone"));
    }

    private static void assertSame(Map<String, float[]> expected, Map<String, float[]> actual, List<String> stages) {
        expected.forEach((name, values) -> {
            if (stages.contains(name.split("\\.")[0])) {
                assertArrayEquals(values, actual.get(name), name + " changed");
            }
        });
    }

    private static void assertChanged(Map<String, float[]> before, Map<String, float[]> after, String stage) {
        before.forEach((name, values) -> {
            if (name.startsWith(stage + ".")) {
                assertFalse(Arrays.equals(values, after.get(name)), name + " did not change");
            }
        });
    }

    private static ArchitectureSpec spec() {
        return Architectures.spec(TorchScriptNet.NAME,
                new TorchScriptNet.Config(Fixtures.tinyResNet().toString(), 0, 0));
    }

    private static Map<String, float[]> weights(Block block) {
        Map<String, float[]> all = new LinkedHashMap<>();
        block.getParameters().forEach(p -> all.put(p.getKey(), p.getValue().getArray().toFloatArray()));
        return all;
    }

    /** The backbone's features of a fixed input, in inference mode (BatchNorm uses its running statistics). */
    private static float[] features(Model model) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            m.getEngine().setRandomSeed(7);
            NDArray probe = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            return Architectures.backbone(model.getBlock()).forward(new ParameterStore(m, false), new NDList(probe),
                    false).singletonOrThrow().toFloatArray();
        }
    }
}
