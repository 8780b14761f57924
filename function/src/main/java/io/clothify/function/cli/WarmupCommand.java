package io.clothify.function.cli;

import ai.djl.engine.Engine;
import io.clothify.function.Functions;
import java.io.PrintStream;

/** {@code warmup}: starts the PyTorch engine once so its natives are extracted into ENGINE_CACHE_DIR. */
final class WarmupCommand {
    private WarmupCommand() {}

    static int run(PrintStream out) {
        Functions.configureEngineThreads();
        Engine engine = Engine.getEngine("PyTorch");
        out.println("Engine " + engine.getEngineName() + " " + engine.getVersion() + " ready");
        return 0;
    }
}
