package io.clothify.function.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.testing.RuntimeApiServer;
import io.clothify.function.testing.TestImages;
import io.clothify.function.testing.TestModels;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's real entry point: the AWS Lambda Java runtime interface client, started in its own JVM with the
 * handler string from function/Dockerfile's CMD, against a Runtime API server on 127.0.0.1, answering a real HTTP
 * API event and a direct invocation.
 */
class RuntimeInterfaceClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void theRuntimeClientRunsTheDockerfileHandlerAgainstTheRuntimeApi() throws Exception {
        String handler = dockerfileHandler();
        assertEquals("io.clothify.function.handler.PredictHandler::handleRequest", handler);
        Path log = temp.resolve("runtime.log");
        try (RuntimeApiServer api = new RuntimeApiServer()) {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                    "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            var env = builder.environment();
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            env.put("MODEL_URI", TestModels.archive(1).toString());
            env.put("MODEL_CACHE_DIR", temp.resolve("cache").toString());
            env.put("LAMBDA_TASK_ROOT", Files.createDirectories(temp.resolve("task")).toString());
            env.put("AWS_LAMBDA_FUNCTION_NAME", "clothify");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
            env.put("AWS_REGION", "eu-west-1");
            Process process = builder.start();
            try {
                String httpEvent = resource("/events/http-predict-raw-png.json");
                JsonNode http = JSON.readTree(api.invoke("req-http-1", httpEvent).get(90, TimeUnit.SECONDS));
                assertEquals(200, http.get("statusCode").asInt(), http.toString());
                JsonNode body = JSON.readTree(http.get("body").asText());
                assertEquals(2, body.get("predictions").size());
                assertEquals("untrained-1", body.at("/model/version").asText());

                String direct = JSON.createObjectNode().put("image",
                        Base64.getEncoder().encodeToString(TestImages.photo("t-shirt.jpg"))).toString();
                JsonNode answer = JSON.readTree(api.invoke("req-direct-2", direct).get(30, TimeUnit.SECONDS));
                assertEquals(10, answer.get("predictions").size(), answer.toString());
                assertTrue(TestModels.CLOTHING.contains(answer.get("label").asText()));

                String refused = JSON.createObjectNode().put("url", "http://169.254.169.254/latest/").toString();
                JsonNode error = JSON.readTree(api.invoke("req-ssrf-3", refused).get(30, TimeUnit.SECONDS));
                assertEquals("url_not_allowed", error.get("error").asText());
                assertTrue(process.isAlive(), "the runtime keeps polling for the next event");
            } catch (Exception | AssertionError e) {
                throw new AssertionError("runtime log:\n" + Files.readString(log), e);
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** The handler string of the Dockerfile's {@code CMD ["..."]}. */
    static String dockerfileHandler() throws Exception {
        Path dockerfile = Path.of("Dockerfile");
        if (!Files.exists(dockerfile)) {
            dockerfile = Path.of("function", "Dockerfile");
        }
        Matcher m = Pattern.compile("(?m)^CMD\\s*\\[\\s*\"([^\"]+)\"\\s*]").matcher(Files.readString(dockerfile));
        assertTrue(m.find(), "the Dockerfile has a CMD [\"handler\"]");
        return m.group(1);
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = RuntimeInterfaceClientTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
