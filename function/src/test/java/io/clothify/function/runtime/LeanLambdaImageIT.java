package io.clothify.function.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.testing.RuntimeApiServer;
import io.clothify.function.testing.TestImages;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda image's layout, without Docker: {@code target/lambda.jar} holds no natives, no command-line tools and
 * no embedded model; the natives are extracted once from {@code target/natives/} exactly as function/Dockerfile's
 * first stage does, and the real runtime interface client then answers a photo with the lean jar alone on its class
 * path (plus the runtime client, which the base image provides). Runs after {@code package} (failsafe).
 */
class LeanLambdaImageIT {
    private static final Path TARGET = Path.of("target");
    private static final Path LAMBDA_JAR = TARGET.resolve("lambda.jar");
    private static final long MAX_JAR_BYTES = 150L * 1024 * 1024;

    @TempDir
    Path temp;

    @Test
    void theLambdaJarIsLeanAndHoldsNoNativesOrTools() throws Exception {
        assertTrue(Files.size(LAMBDA_JAR) <= MAX_JAR_BYTES, "lambda.jar is " + Files.size(LAMBDA_JAR) + " bytes");
        try (ZipFile jar = new ZipFile(LAMBDA_JAR.toFile())) {
            List<String> unwanted = jar.stream().map(e -> e.getName())
                    .filter(name -> name.startsWith("pytorch/cpu/") || name.contains("natives/tensorflow")
                            || name.startsWith("org/tensorflow/internal/c_api/linux-x86_64/")
                            || name.startsWith("io/clothify/function/cli/")
                            || name.startsWith("io/clothify/function/server/")
                            || name.startsWith("io/clothify/function/model/"))
                    .limit(5).toList();
            assertEquals(List.of(), unwanted);
            assertTrue(jar.getEntry("io/clothify/function/handler/PredictHandler.class") != null);
        }
    }

    @Test
    void theRuntimeClientAnswersFromNativesExtractedAtImageBuild() throws Exception {
        Path engines = temp.resolve("engines");
        Map<String, String> env = Map.of("ENGINE_CACHE_DIR", engines.toString(),
                "PYTORCH_LIBRARY_PATH", temp.resolve("pytorch").toString(),
                "DJL_CACHE_DIR", temp.resolve("djl-cache").toString(), "TENSORFLOW_LIBRARY_PATH",
                temp.resolve("tensorflow").toString());
        // Stage 1 of function/Dockerfile (without TensorFlow, the default).
        String buildClassPath = LAMBDA_JAR + File.pathSeparator + TARGET.resolve("natives/pytorch-native-cpu.jar");
        Process warmup = start(List.of("-cp", buildClassPath, "io.clothify.function.NativesWarmup"), env,
                temp.resolve("warmup.log"));
        assertTrue(warmup.waitFor(180, TimeUnit.SECONDS), "warmup finished");
        assertEquals(0, warmup.exitValue(), Files.readString(temp.resolve("warmup.log")));
        assertTrue(Files.readString(temp.resolve("warmup.log")).contains("Engine PyTorch"));

        // Stage 2: the lean jar and the runtime client only.
        String runClassPath = LAMBDA_JAR + File.pathSeparator + runtimeClientJars();
        Map<String, String> runEnv = new java.util.HashMap<>(env);
        runEnv.putAll(Map.of("MODEL_URI", Path.of("..", "model", "artifacts", "default-model.tar.gz").toAbsolutePath()
                .normalize().toString(), "MODEL_CACHE_DIR", temp.resolve("models").toString(),
                "LAMBDA_TASK_ROOT", Files.createDirectories(temp.resolve("task")).toString(),
                "AWS_LAMBDA_FUNCTION_NAME", "clothify", "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769", "AWS_REGION", "eu-west-1"));
        Path log = temp.resolve("runtime.log");
        try (RuntimeApiServer api = new RuntimeApiServer()) {
            runEnv.put("AWS_LAMBDA_RUNTIME_API", api.address());
            Process runtime = start(List.of("-cp", runClassPath,
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                    RuntimeInterfaceClientTest.dockerfileHandler()), runEnv, log);
            try {
                String event = new ObjectMapper().createObjectNode().put("image",
                        Base64.getEncoder().encodeToString(TestImages.photo("t-shirt.jpg"))).toString();
                JsonNode answer = new ObjectMapper().readTree(api.invoke("lean-1", event).get(120, TimeUnit.SECONDS));
                assertEquals(10, answer.get("predictions").size(), answer.toString());
                assertEquals("djl", answer.at("/model/kind").asText(), answer.toString());
            } catch (Exception | AssertionError e) {
                throw new AssertionError("runtime log:\n" + Files.readString(log), e);
            } finally {
                runtime.destroy();
                if (!runtime.waitFor(10, TimeUnit.SECONDS)) {
                    runtime.destroyForcibly();
                }
            }
        }
        // The natives were found where the image build put them: nothing was extracted again at start.
        try (Stream<Path> cache = Files.exists(temp.resolve("djl-cache")) ? Files.walk(temp.resolve("djl-cache"))
                : Stream.empty()) {
            assertEquals(List.of(), cache.filter(p -> p.getFileName().toString().endsWith(".so")).toList());
        }
    }

    /** The runtime interface client's jars from this test's class path (the Lambda base image provides them). */
    private static String runtimeClientJars() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("aws-lambda-java-runtime-interface-client")
                        || entry.contains("aws-lambda-java-serialization"))
                .toList();
        assertEquals(2, jars.size(), "runtime client jars on the test class path: " + jars);
        return String.join(File.pathSeparator, jars);
    }

    private static Process start(List<String> args, Map<String, String> env, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Dai.djl.offline=true"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }
}
