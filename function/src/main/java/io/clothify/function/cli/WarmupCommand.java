package io.clothify.function.cli;

import ai.djl.engine.Engine;
import io.clothify.function.Functions;
import io.clothify.function.savedmodel.TensorFlowNatives;
import java.io.PrintStream;

/**
 * {@code warmup}: starts the PyTorch and TensorFlow engines once so their natives are extracted (into
 * ENGINE_CACHE_DIR and TENSORFLOW_LIBRARY_PATH) when the container image is built.
 */
final class WarmupCommand {
    private WarmupCommand() {}

    static int run(PrintStream out) {
        Functions.configureEngineThreads();
        Engine engine = Engine.getEngine("PyTorch");
        out.println("Engine " + engine.getEngineName() + " " + engine.getVersion() + " ready");
        out.println("TensorFlow natives in " + TensorFlowNatives.ensureLibraryPath());
        Engine tensorflow = Engine.getEngine("TensorFlow");
        out.println("Engine " + tensorflow.getEngineName() + " " + tensorflow.getVersion() + " ready");
        return 0;
    }
}
