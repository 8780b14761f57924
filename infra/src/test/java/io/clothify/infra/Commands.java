package io.clothify.infra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's real command-line tools (the pinned npm packages, bash scripts) from tests. */
final class Commands {

    /** What a finished command said. */
    record Result(int exitCode, String output) {}

    private Commands() {}

    /** True in CI, where a missing prerequisite is a failure rather than a reason to skip. */
    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips the test (locally) or fails it (in CI) when {@code condition} does not hold.
     *
     * @param howToFix what makes the prerequisite hold, e.g. "run npm ci at the repository root"
     */
    static void require(boolean condition, String howToFix) {
        if (!condition && inCi()) {
            throw new AssertionError("Missing prerequisite in CI: " + howToFix);
        }
        assumeTrue(condition, "Skipped: " + howToFix);
    }

    /** A binary installed by {@code npm ci} at the repository root. */
    static Path npmBin(String name) {
        Path bin = TestStacks.REPO_ROOT.resolve("node_modules/.bin").resolve(name);
        require(Files.isExecutable(bin), "node_modules/.bin/" + name + " is missing: run `npm ci` at the repository root");
        return bin;
    }

    static Result run(Path workingDir, Map<String, String> env, long timeoutSeconds, List<String> command) {
        try {
            Path log = Files.createTempFile("command", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Timed out after " + timeoutSeconds + " s: " + command + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted: " + command, e);
        }
    }
}
