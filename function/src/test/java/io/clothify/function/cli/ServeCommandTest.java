package io.clothify.function.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code serve}: with no options it serves the clothing model packed into the jar, and says where the page is. */
class ServeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withoutModelItServesTheShippedClothingModelFromTheClassPath() throws Exception {
        try (ServeCommand.Serving serving = ServeCommand.start(List.of("--port", "0"))) {
            assertEquals(ShippedModel.DESCRIPTION, serving.model());
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    serving.server().url().resolve("health")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode model = JSON.readTree(health.body()).get("model");
            assertEquals("clothing-dataset-small-photo-cnn", model.get("name").asText(), health.body());
            assertEquals(10, model.get("classes").asInt());
        }
    }

    @Test
    void theJarsCopyIsTheRepositorysArtifact() throws Exception {
        Path extracted = ShippedModel.extract();
        assertEquals(-1L, Files.mismatch(extracted, Path.of("..", "model", "artifacts", "default-model.tar.gz")));
    }

    @Test
    void printsThePagesAddress() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String url;
        try (ServeCommand.Serving serving = ServeCommand.start(List.of("--port", "0"))) {
            url = serving.server().url().toString();
            ServeCommand.announce(serving, new PrintStream(out, true, StandardCharsets.UTF_8));
        }
        assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/"), url);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Open " + url + " in a browser"), out.toString());
    }

    @Test
    void aModelThatDoesNotLoadStopsServeWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServeCommand.start(List.of("--port", "0", "--model", "/nonexistent/m.tar.gz")));
        assertTrue(e.getMessage().contains("/nonexistent/m.tar.gz"), e.getMessage());
    }
}
