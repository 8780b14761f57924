package io.clothify.training.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.training.loop.Checkpoints;
import io.clothify.training.loop.EpochRecord;
import io.clothify.training.loop.RunIdentity;
import io.clothify.training.loop.TrainingProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointListenerTest {
    static final RunIdentity RUN = new RunIdentity(new ArchitectureSpec("linear", Map.of()), List.of("a", "b"),
            InputSpec.rgb(8, 1.0), "fingerprint");

    static Model linear() {
        Model model = Model.newInstance("checkpoint-test", "PyTorch");
        model.setBlock(Linear.builder().setUnits(2).build());
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
        return model;
    }

    static NDArray weight(Model model) {
        return model.getBlock().getParameters().get("weight").getArray();
    }

    static float[] saved(Checkpoints checkpoints, String name) throws IOException {
        try (Model model = linear()) {
            checkpoints.load(model, name);
            return weight(model).toFloatArray();
        }
    }

    static EpochRecord epoch(int epoch, double valAccuracy) {
        return new EpochRecord(epoch, 1, 0.5, 1, valAccuracy, 0.001, 1, 1, 32);
    }

    @Test
    void theBestParametersAreKeptAndTheLastFollowEveryEpoch(@TempDir Path dir) throws IOException {
        Checkpoints checkpoints = new Checkpoints(dir);
        TrainingProgress progress = TrainingProgress.fresh();
        try (Model model = linear()) {
            CheckpointListener listener = new CheckpointListener(checkpoints, model, RUN);
            float[] atBest = weight(model).toFloatArray();
            progress.recordEpoch(epoch(1, 0.6));
            listener.onEpochEnd(epoch(1, 0.6), progress);
            assertTrue(checkpoints.hasBest());

            weight(model).addi(1f); // epoch 2 trains on, but validates worse
            float[] atLast = weight(model).toFloatArray();
            progress.recordEpoch(epoch(2, 0.4));
            listener.onEpochEnd(epoch(2, 0.4), progress);

            assertArrayEquals(atBest, saved(checkpoints, "best"));
            assertArrayEquals(atLast, saved(checkpoints, "last"));
            Checkpoints.State state = checkpoints.read().orElseThrow();
            assertEquals(2, state.epochsCompleted());
            assertEquals(1, state.bestEpoch());
            assertEquals(1, state.epochsWithoutImprovement());
            assertEquals(RUN.architecture(), state.architecture());
        }
    }

    @Test
    void aStopRequestSavesTheLastParametersWithTheCompletedEpochsOnly(@TempDir Path dir) throws IOException {
        Checkpoints checkpoints = new Checkpoints(dir);
        TrainingProgress progress = TrainingProgress.fresh();
        progress.recordEpoch(epoch(1, 0.6));
        try (Model model = linear()) {
            weight(model).addi(2f); // part of epoch 2 trained when SIGTERM comes
            float[] interrupted = weight(model).toFloatArray();
            new CheckpointListener(checkpoints, model, RUN).onStopRequested(2, progress);
            assertFalse(checkpoints.hasBest());
            assertArrayEquals(interrupted, saved(checkpoints, "last"));
            assertEquals(1, checkpoints.read().orElseThrow().epochsCompleted()); // epoch 2 restarts on resume
        }
    }
}
