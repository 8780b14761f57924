package io.clothify.function;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import io.clothify.function.savedmodel.TensorFlowNatives;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the engines once so their natives are extracted into {@code ENGINE_CACHE_DIR} (PyTorch) and
 * {@code TENSORFLOW_LIBRARY_PATH} (TensorFlow) while the container image is built; the Lambda then starts from
 * those read-only folders and needs no native jar on its class path. TensorFlow is warmed only with
 * {@code --tensorflow} (images that serve SavedModels).
 *
 * <p>With {@code PYTORCH_LIBRARY_PATH} set, that path becomes a link to the extracted folder: without the native
 * jar on its class path, DJL would otherwise look for a folder named by PyTorch's version alone, miss the one named
 * by the jar's build, and try to download (which offline mode refuses).
 *
 * <pre>java -cp lambda.jar:pytorch-native-cpu.jar[:tensorflow-core-native.jar] io.clothify.function.NativesWarmup [--tensorflow]</pre>
 */
public final class NativesWarmup {
    private NativesWarmup() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }

    public static int run(List<String> args, PrintStream out) {
        for (String arg : args) {
            if (!arg.equals("--tensorflow")) {
                throw new IllegalArgumentException("Unknown warmup option " + arg + ": expected --tensorflow or none");
            }
        }
        Functions.configureEngineThreads();
        Engine engine = Engine.getEngine("PyTorch");
        out.println("Engine " + engine.getEngineName() + " " + engine.getVersion() + " ready in "
                + linkLibraryPath(Path.of(LibUtils.getLibtorchPath())));
        if (args.contains("--tensorflow")) {
            out.println("TensorFlow natives in " + TensorFlowNatives.ensureLibraryPath());
            Engine tensorflow = Engine.getEngine("TensorFlow");
            out.println("Engine " + tensorflow.getEngineName() + " " + tensorflow.getVersion() + " ready");
        }
        return 0;
    }

    /** Points {@code PYTORCH_LIBRARY_PATH}, when set, at the folder the natives were extracted to. */
    private static Path linkLibraryPath(Path extracted) {
        String configured = Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH");
        if (configured == null || configured.isBlank()) {
            return extracted;
        }
        Path link = Path.of(configured).toAbsolutePath();
        if (link.equals(extracted.toAbsolutePath())
                || Files.isDirectory(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return extracted; // a real folder someone configured is theirs, not ours to replace
        }
        try {
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, link.getParent().relativize(extracted.toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not link " + link + " to " + extracted, e);
        }
        return link;
    }
}
