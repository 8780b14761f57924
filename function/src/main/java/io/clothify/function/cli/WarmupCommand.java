package io.clothify.function.cli;

import io.clothify.function.NativesWarmup;
import java.io.PrintStream;
import java.util.List;

/** {@code warmup [--tensorflow]}: extracts the engines' natives now (see {@link NativesWarmup}). */
final class WarmupCommand {
    private WarmupCommand() {}

    static int run(List<String> args, PrintStream out) {
        return NativesWarmup.run(args, out);
    }
}
