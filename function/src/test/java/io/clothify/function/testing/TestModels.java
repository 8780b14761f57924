package io.clothify.function.testing;

import io.clothify.model.InputSpec;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.contract.TarGz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real DJL artifacts with random weights, made once per test JVM (compact-cnn on 28x28 gray: small and fast). */
public final class TestModels {
    public static final List<String> CLOTHING = List.of("dress", "hat", "longsleeve", "outwear", "pants", "shirt",
            "shoes", "shorts", "skirt", "t-shirt");

    private static Path root;

    private TestModels() {}

    /** An artifact directory; its version is {@code untrained-<seed>}. */
    public static synchronized Path directory(long seed) {
        Path dir = root().resolve("compact-" + seed);
        if (!Files.isDirectory(dir)) {
            try {
                ModelArtifacts.createUntrained(dir, "compact-cnn", CLOTHING, InputSpec.fashionMnist(), seed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** The same artifact as a {@code model.tar.gz}. */
    public static synchronized Path archive(long seed) {
        Path archive = root().resolve("compact-" + seed + ".tar.gz");
        if (!Files.isRegularFile(archive)) {
            try {
                TarGz.pack(directory(seed), archive);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return archive;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temporary folder
        }
    }

    private static Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("clothify-test-models");
                Path created = root;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }
}
