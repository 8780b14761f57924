package io.clothify.function.savedmodel;

import ai.djl.util.Utils;
import io.clothify.model.contract.ArtifactException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Makes TensorFlow's natives (TF 2.16.1 from {@code org.tensorflow:tensorflow-core-native:1.0.0-rc.1}, the version
 * DJL's tensorflow-engine 0.35.1 runs) available offline: the libraries are extracted once from the classpath into
 * {@code TENSORFLOW_LIBRARY_PATH} (default: a folder in DJL's engine cache) unless they are already there, and the
 * property is set. The container image runs this at build time (read-only afterwards).
 */
public final class TensorFlowNatives {
    public static final String VERSION = "1.0.0-rc.1";
    /** Where function.jar keeps them (moved off JavaCPP's search path), then where the Maven jar has them. */
    private static final List<String> RESOURCE_DIRS = List.of("io/clothify/natives/tensorflow/linux-x86_64/",
            "org/tensorflow/internal/c_api/linux-x86_64/");
    private static final List<String> LIBRARIES = List.of("libtensorflow_framework.so.2", "libtensorflow_cc.so.2",
            "libjnitensorflow.so");

    private TensorFlowNatives() {}

    /**
     * The folder holding the natives, extracting them if needed.
     *
     * @throws ArtifactException if they are neither configured nor on the classpath
     */
    public static synchronized Path ensureLibraryPath() {
        String configured = Utils.getEnvOrSystemProperty("TENSORFLOW_LIBRARY_PATH");
        Path dir = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Utils.getEngineCacheDir().resolve("tensorflow-core-native-" + VERSION + "-linux-x86_64");
        if (!LIBRARIES.stream().allMatch(lib -> Files.isRegularFile(dir.resolve(lib)))) {
            extract(dir);
        }
        System.setProperty("TENSORFLOW_LIBRARY_PATH", dir.toString());
        return dir;
    }

    private static void extract(Path dir) {
        ClassLoader loader = TensorFlowNatives.class.getClassLoader();
        String resourceDir = RESOURCE_DIRS.stream().filter(d -> loader.getResource(d + "libjnitensorflow.so") != null)
                .findFirst().orElse(null);
        if (resourceDir == null) {
            throw new ArtifactException("Serving a TensorFlow SavedModel needs the TensorFlow natives, which the "
                    + "default Lambda image leaves out: deploy with -c clothify:savedModelSupport=true, or put "
                    + "org.tensorflow:tensorflow-core-native:" + VERSION + ":linux-x86_64 on the classpath, or set "
                    + "TENSORFLOW_LIBRARY_PATH to a folder holding its " + LIBRARIES);
        }
        try {
            Files.createDirectories(dir);
            for (String lib : LIBRARIES) {
                Path part = Files.createTempFile(dir, lib, ".part");
                try (InputStream in = loader.getResourceAsStream(resourceDir + lib)) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(part, dir.resolve(lib), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not extract the TensorFlow natives into " + dir, e);
        }
    }
}
