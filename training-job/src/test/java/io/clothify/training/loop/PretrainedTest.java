package io.clothify.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.training.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedTest {
    static final ArchitectureSpec SPEC = Architectures.spec(TorchScriptNet.NAME,
            new TorchScriptNet.Config(Fixtures.tinyResNet().toString(), 0, 0));
    static final InputSpec INPUT = InputSpec.rgb(32, 0.875);

    /** A resumed run must continue from the checkpoint's backbone, not from the TorchScript file's weights. */
    @Test
    void aCheckpointsTrainedTorchScriptWeightsAreWhatAResumeLoads(@TempDir Path dir) throws IOException {
        Checkpoints checkpoints = new Checkpoints(dir);
        float[] trained;
        try (Model model = Model.newInstance("trained", "PyTorch")) {
            model.setBlock(Architectures.build(SPEC, 3, model.getNDManager()));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, Architectures.inputShape(INPUT));
            NDArray weight = layer2(model);
            weight.set(weight.mul(2).add(0.5f).toByteBuffer());
            trained = weight.toFloatArray();
            checkpoints.saveLast(model, new Checkpoints.State(1, 5, 0.5, 1, 0, List.of(), SPEC,
                    List.of("a", "b", "c"), INPUT, "fingerprint"));
        }
        try (Model training = Model.newInstance("resumed", "PyTorch")) {
            training.setBlock(Architectures.build(SPEC, 3, training.getNDManager()));
            training.getBlock().initialize(training.getNDManager(), DataType.FLOAT32,
                    Architectures.inputShape(INPUT));
            assertFalse(Arrays.equals(trained, layer2(training).toFloatArray()));
            Pretrained.loadInto(training, checkpoints, SPEC, 3);
            assertArrayEquals(trained, layer2(training).toFloatArray());
        }
    }

    private static NDArray layer2(Model model) {
        return Architectures.backbone(model.getBlock()).getParameters().get("layer2.0.weight").getArray();
    }
}
