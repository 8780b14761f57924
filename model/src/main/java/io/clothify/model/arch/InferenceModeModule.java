package io.clothify.model.arch;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A TorchScript module that always runs in inference mode, as a pretrained backbone does in the course's recipe
 * (Keras: {@code base_model(inputs, training=False)}): its BatchNorm layers normalize with their running
 * statistics and never update them, and any dropout inside it is off, whether it is frozen, partly unfrozen or
 * served. While training, gradients still flow through it, so its unfrozen weights learn.
 *
 * <p>DJL's {@link PtSymbolBlock} switches the whole module to {@code train()} on a training pass that follows an
 * inference pass (e.g. from the second epoch on, after validation): a module made with {@code torch.jit.script}
 * then moves its BatchNorm statistics with every batch, even with all its parameters frozen (a module traced in eval mode has inference-mode BatchNorm baked in and is not
 * affected). The file format is {@code PtSymbolBlock}'s, so artifacts read and write the same {@code .params}.
 */
public final class InferenceModeModule extends PtSymbolBlock {

    private InferenceModeModule(PtNDManager manager, long handle) {
        super(manager, handle);
        JniUtils.enableInferenceMode(this);
    }

    /**
     * Loads a TorchScript file with its parameters trainable.
     *
     * @throws IllegalArgumentException when the file cannot be read or is no TorchScript module
     */
    public static InferenceModeModule load(PtNDManager manager, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new InferenceModeModule(manager, JniUtils.loadModuleHandle(in, manager.getDevice(), true, false));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot load TorchScript backbone " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        // the module stays in eval(); training only turns autograd on
        return IValueUtils.forward(this, inputs, training);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        JniUtils.enableInferenceMode(this); // the saved module may have been in train()
    }
}
