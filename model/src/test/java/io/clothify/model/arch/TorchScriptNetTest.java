package io.clothify.model.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TorchScript backbone + new head, with the tiny traced backbone of src/test/resources/backbone. */
class TorchScriptNetTest {
    static Path tinyBackbone() {
        try {
            return Path.of(TorchScriptNetTest.class.getResource("/backbone/tiny-backbone.pt").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ArchitectureSpec spec(int innerSize) {
        return Architectures.spec(TorchScriptNet.NAME,
                new TorchScriptNet.Config(tinyBackbone().toString(), innerSize, 0.0));
    }

    @Test
    void loadsTheBackboneUnderANewHead() {
        try (Model model = Model.newInstance("t", "PyTorch")) {
            SequentialBlock network = Architectures.build(spec(8), 4, model.getNDManager());
            model.setBlock(network);
            try (Trainer trainer = model.newTrainer(config(false))) {
                trainer.initialize(new Shape(2, 3, 32, 32));
                NDArray x = model.getNDManager().randomUniform(0, 1, new Shape(2, 3, 32, 32));
                NDArray out = trainer.evaluate(new NDList(x)).singletonOrThrow();
                assertEquals(new Shape(2, 4), out.getShape());
                long headParameters = 16 * 8 + 8 + 8 * 4 + 4;
                long backboneParameters = 3 * 8 * 9 + 8 + 8 * 16 * 9 + 16;
                assertEquals(headParameters + backboneParameters, Architectures.trainableParameters(network));
            }
        }
    }

    @Test
    void aFrozenBackboneKeepsItsWeightsWhileTheHeadLearns() {
        float[][] changes = trainOneStep(true);
        assertEquals(0f, changes[0][0], "backbone weights moved although frozen");
        assertTrue(changes[1][0] > 0, "head weights did not move");
    }

    @Test
    void anUnfrozenBackboneLearnsToo() {
        float[][] changes = trainOneStep(false);
        assertTrue(changes[0][0] > 0, "backbone weights did not move");
        assertTrue(changes[1][0] > 0, "head weights did not move");
    }

    /** The largest absolute change of the backbone's and of the head's weights after one SGD step. */
    private static float[][] trainOneStep(boolean freeze) {
        try (Model model = Model.newInstance("t", "PyTorch")) {
            SequentialBlock network = Architectures.build(spec(0), 3, model.getNDManager());
            model.setBlock(network);
            try (Trainer trainer = model.newTrainer(config(true))) {
                trainer.initialize(new Shape(4, 3, 32, 32));
                Block backbone = Architectures.backbone(network);
                Block head = network.getChildren().get(1).getValue();
                if (freeze) {
                    backbone.freezeParameters(true);
                }
                NDManager m = model.getNDManager();
                List<NDArray> backboneBefore = snapshot(backbone, m);
                List<NDArray> headBefore = snapshot(head, m);
                NDArray x = m.randomUniform(0, 1, new Shape(4, 3, 32, 32));
                NDArray y = m.create(new float[] {0, 1, 2, 1});
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                    collector.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(pred)));
                }
                trainer.step();
                return new float[][] {{maxChange(backbone, backboneBefore)}, {maxChange(head, headBefore)}};
            }
        }
    }

    private static List<NDArray> snapshot(Block block, NDManager manager) {
        return block.getParameters().values().stream().map(p -> p.getArray().duplicate()).toList();
    }

    private static float maxChange(Block block, List<NDArray> before) {
        float max = 0;
        List<NDArray> after = block.getParameters().values().stream().map(p -> p.getArray()).toList();
        for (int i = 0; i < after.size(); i++) {
            max = Math.max(max, after.get(i).sub(before.get(i)).abs().max().getFloat());
        }
        return max;
    }

    private static DefaultTrainingConfig config(boolean sgd) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss());
        return sgd ? config.optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build())
                : config;
    }

    @Test
    void aModelZooUrlIsParsedAndRefusedOfflineWithWhatToDo() {
        assertTrue(Boolean.getBoolean("ai.djl.offline"), "tests run with ai.djl.offline=true");
        assertTrue(BackboneSource.isModelZoo("djl://ai.djl.pytorch/resnet18_embedding"));
        IllegalArgumentException offline = assertThrows(IllegalArgumentException.class,
                () -> BackboneSource.localFile("djl://ai.djl.pytorch/resnet18_embedding"));
        assertTrue(offline.getMessage().contains("ai.djl.offline=true"), offline.getMessage());
        assertTrue(offline.getMessage().contains("backbone=/path/to/backbone.pt"), offline.getMessage());
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> BackboneSource.check("djl://resnet18"));
        assertTrue(malformed.getMessage().contains("djl://<group>/<model>"), malformed.getMessage());
    }

    @Test
    void aLocalBackboneMustExist() {
        assertEquals(tinyBackbone().toAbsolutePath().normalize(), BackboneSource.localFile(tinyBackbone().toString()));
        assertFalse(BackboneSource.isModelZoo(tinyBackbone().toString()));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> BackboneSource.localFile("/nonexistent/backbone.pt"));
        assertTrue(missing.getMessage().contains("no such TorchScript file"), missing.getMessage());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertThrows(IllegalArgumentException.class, () -> Architectures.build(Architectures.spec(
                    TorchScriptNet.NAME, new TorchScriptNet.Config("/nonexistent/backbone.pt", 0, 0)), 3, manager));
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Architectures.build(
                    Architectures.spec(TorchScriptNet.NAME, new TorchScriptNet.Config(null, 0, 0)), 3, manager));
            assertTrue(none.getMessage().contains("needs a backbone"), none.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Architectures.defaults(TorchScriptNet.NAME));
    }

    @Test
    void theSavedParametersAloneRebuildTheNetworkWithTheSameOutputs() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("torchscript-net");
        Path module = dir.resolve("trained-backbone.pt");
        float[] expected;
        try (NDManager inputs = NDManager.newBaseManager("PyTorch")) {
            NDArray x = inputs.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            try (Model model = Model.newInstance("t", "PyTorch")) {
                model.setBlock(Architectures.build(spec(8), 5, model.getNDManager()));
                try (Trainer trainer = model.newTrainer(config(true))) {
                    trainer.initialize(new Shape(2, 3, 32, 32));
                    expected = trainer.evaluate(new NDList(x)).singletonOrThrow().toFloatArray();
                }
                model.save(dir, "m");
                TorchScriptNet.writeBackbone(model.getBlock(), module);
            }
            try (Model loaded = Model.newInstance("t", "PyTorch")) {
                SequentialBlock network = Architectures.forParameters(spec(8), 5, loaded.getNDManager());
                loaded.setBlock(network);
                IllegalStateException early = assertThrows(IllegalStateException.class, network::getParameters);
                assertTrue(early.getMessage().contains("load them"), early.getMessage());
                loaded.load(dir, "m");
                assertArrayEquals(expected, forward(loaded, network, x));
                IllegalStateException again = assertThrows(IllegalStateException.class, () -> loaded.load(dir, "m"));
                assertTrue(again.getMessage().contains("loaded already"), again.getMessage());
            }
            // the module written from a trained network is a TorchScript file to build a network to train from
            ArchitectureSpec fromModule = TorchScriptNet.withBackbone(spec(8), module);
            try (Model rebuilt = Model.newInstance("t", "PyTorch")) {
                SequentialBlock network = Architectures.build(fromModule, 5, rebuilt.getNDManager());
                rebuilt.setBlock(network);
                network.initialize(rebuilt.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                        new Shape(2, 3, 32, 32));
                float[] backbone = forward(rebuilt, Architectures.backbone(network), x);
                try (Model saved = Model.newInstance("t", "PyTorch")) {
                    SequentialBlock reference = Architectures.forParameters(spec(8), 5, saved.getNDManager());
                    saved.setBlock(reference);
                    saved.load(dir, "m");
                    assertArrayEquals(forward(saved, Architectures.backbone(reference), x), backbone);
                }
            }
        }
    }

    private static float[] forward(Model model, Block block, NDArray x) {
        return block.forward(new ai.djl.training.ParameterStore(model.getNDManager(), false), new NDList(x), false)
                .singletonOrThrow().toFloatArray();
    }
}
