package io.clothify.model.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm inside a TorchScript backbone, with tiny-resnet.pt: a scripted module whose BatchNorm follows
 * train()/eval() and whose running statistics are not 0 and 1 (see its script in src/test/resources/backbone).
 */
class InferenceModeModuleTest {
    static Path tinyResNet() {
        try {
            return Path.of(InferenceModeModuleTest.class.getResource("/backbone/tiny-resnet.pt").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFrozenBackboneKeepsItsBatchNormStatisticsThroughTrainingPasses() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            PtSymbolBlock backbone = InferenceModeModule.load((PtNDManager) m, tinyResNet());
            backbone.freezeParameters(true);
            NDArray probe = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            float[] before = features(backbone, probe, false);
            trainingPasses(backbone, m);
            assertArrayEquals(before, features(backbone, probe, false), "running statistics moved");
            assertArrayEquals(before, features(backbone, probe, true),
                    "a training pass normalized with the batch's statistics");
        }
    }

    /** What the module guards against: DJL's own block switches the module to train(), and its BatchNorm moves. */
    @Test
    void djlsPlainBlockWouldMoveThem() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            PtSymbolBlock backbone = JniUtils.loadModule((PtNDManager) m, tinyResNet(), true, new String[0],
                    new String[0], true);
            backbone.freezeParameters(true);
            NDArray probe = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            float[] before = features(backbone, probe, false);
            features(backbone, probe, true); // DJL's first switch to training happens after an inference pass
            trainingPasses(backbone, m);
            assertFalse(Arrays.equals(before, features(backbone, probe, false)),
                    "the scripted fixture's BatchNorm no longer moves in train(): this test proves nothing");
        }
    }

    @Test
    void gradientsStillFlowToUnfrozenWeights() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            PtSymbolBlock backbone = InferenceModeModule.load((PtNDManager) m, tinyResNet());
            NDArray weight = backbone.getParameters().get("layer2.0.weight").getArray();
            try (GradientCollector collector = m.getEngine().newGradientCollector()) {
                NDArray out = backbone.forward(new ParameterStore(m, false),
                        new NDList(m.randomUniform(0, 1, new Shape(2, 3, 32, 32))), true).singletonOrThrow();
                collector.backward(out.sum());
            }
            assertTrue(weight.getGradient().abs().sum().getFloat() > 0, "no gradient reached layer2");
        }
    }

    private static void trainingPasses(PtSymbolBlock backbone, NDManager m) {
        for (int i = 0; i < 3; i++) {
            NDArray batch = m.randomNormal(1, 3, new Shape(4, 3, 32, 32), DataType.FLOAT32);
            backbone.forward(new ParameterStore(m, false), new NDList(batch), true);
        }
    }

    private static float[] features(PtSymbolBlock backbone, NDArray x, boolean training) {
        return backbone.forward(new ParameterStore(x.getManager(), false), new NDList(x), training)
                .singletonOrThrow().toFloatArray();
    }
}
