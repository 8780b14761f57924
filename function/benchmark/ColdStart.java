import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.testing.RuntimeApiServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * BENCHMARK TOOL, NOT PRODUCT CODE. Cold start of the Lambda's entry point, the way the container runs it: the real
 * runtime interface client in a new JVM, against a Runtime API on 127.0.0.1, from process start to the answer of
 * a first direct invocation (a photo, base64). Two layouts take turns, RUNS times each, natives extracted once
 * beforehand as the image build does:
 * <ul>
 *   <li>{@code lambda}: the lean {@code target/lambda.jar}, natives found through {@code PYTORCH_LIBRARY_PATH};
 *   <li>{@code tools}: {@code target/function.jar} with every native inside, the jar the image copied before.
 * </ul>
 * Run from the repository root after {@code ./mvnw -B package -DskipTests}:
 * <pre>function/benchmark/cold-start.sh RUNS [MODEL] [PHOTO]</pre>
 */
public class ColdStart {
    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Path model = Path.of(args.length > 1 ? args[1] : "model/artifacts/default-model.tar.gz").toAbsolutePath();
        Path photo = Path.of(args.length > 2 ? args[2] : "function/src/test/resources/images/t-shirt.jpg");
        Path work = Files.createTempDirectory("clothify-cold-start");
        String java = ProcessHandle.current().info().command().orElseThrow();
        String ric = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("aws-lambda-java-runtime-interface-client")
                        || e.contains("aws-lambda-java-serialization"))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        Map<String, String> env = new HashMap<>(Map.of("ENGINE_CACHE_DIR", work.resolve("engines").toString(),
                "PYTORCH_LIBRARY_PATH", work.resolve("pytorch").toString(),
                "TENSORFLOW_LIBRARY_PATH", work.resolve("tensorflow").toString(),
                "MODEL_URI", model.toString(), "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769",
                "AWS_LAMBDA_FUNCTION_NAME", "clothify", "AWS_REGION", "eu-west-1"));
        run(List.of(java, "-Dai.djl.offline=true", "-cp", "function/target/lambda.jar" + File.pathSeparator
                + "function/target/natives/pytorch-native-cpu.jar", "io.clothify.function.NativesWarmup"), env,
                work.resolve("warmup.log")).waitFor();
        Map<String, String> classPaths = Map.of("lambda", "function/target/lambda.jar", "tools",
                "function/target/function.jar");
        Map<String, List<Double>> seconds = new HashMap<>();
        String event = new ObjectMapper().createObjectNode()
                .put("image", Base64.getEncoder().encodeToString(Files.readAllBytes(photo))).toString();
        for (int i = 0; i < runs; i++) {
            for (String layout : List.of("lambda", "tools")) {
                Map<String, String> runEnv = new HashMap<>(env);
                runEnv.put("MODEL_CACHE_DIR", work.resolve("models-" + layout + "-" + i).toString());
                runEnv.put("LAMBDA_TASK_ROOT", Files.createDirectories(work.resolve("task")).toString());
                if (layout.equals("tools")) {
                    runEnv.remove("PYTORCH_LIBRARY_PATH"); // the old image found them by the jar's own properties
                }
                try (RuntimeApiServer api = new RuntimeApiServer()) {
                    runEnv.put("AWS_LAMBDA_RUNTIME_API", api.address());
                    long start = System.nanoTime();
                    Process p = run(List.of(java, "-Dai.djl.offline=true", "-XX:+UseSerialGC", "-cp",
                            classPaths.get(layout) + File.pathSeparator + ric,
                            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                            "io.clothify.function.handler.PredictHandler::handleRequest"), runEnv,
                            work.resolve(layout + "-" + i + ".log"));
                    String answer = api.invoke("cold-" + i, event).get(180, TimeUnit.SECONDS);
                    double s = (System.nanoTime() - start) / 1e9;
                    p.destroy();
                    p.waitFor(10, TimeUnit.SECONDS);
                    if (!answer.contains("\"predictions\"")) {
                        throw new IllegalStateException(layout + " answered " + answer);
                    }
                    seconds.computeIfAbsent(layout, k -> new ArrayList<>()).add(s);
                    System.out.printf("run=%d layout=%s jvm_start_to_first_answer_s=%.2f%n", i + 1, layout, s);
                }
            }
        }
        for (String layout : List.of("lambda", "tools")) {
            List<Double> s = new ArrayList<>(seconds.get(layout));
            s.sort(null);
            System.out.printf("median of %d: layout=%s jar_mb=%.1f jvm_start_to_first_answer_s=%.2f%n", runs, layout,
                    Files.size(Path.of(classPaths.get(layout))) / 1048576.0, s.get(s.size() / 2));
        }
    }

    private static Process run(List<String> command, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }
}
