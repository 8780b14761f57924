package io.clothify.function.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.handler.HttpRequest;
import io.clothify.function.handler.PredictHandler;
import io.clothify.function.server.LocalContext;
import io.clothify.function.testing.TestImages;
import io.clothify.function.testing.TestModels;
import io.clothify.function.testing.TestServices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One CloudWatch EMF record per request, written by Powertools metrics. */
class PowertoolsTelemetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void emitsLatencyAndOutcomeCountsByModelVersion() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (var service = TestServices.service(TestModels.directory(1), Set.of())) {
            PredictHandler handler = new PredictHandler(service, new PowertoolsTelemetry());
            String ok = JSON.createObjectNode().put("image",
                    Base64.getEncoder().encodeToString(TestImages.photo("t-shirt.jpg"))).toString();
            handler.handleRequest(new ByteArrayInputStream(ok.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), new LocalContext("emf-1"));
            handler.handle(new HttpRequest("POST", "/predict", Map.of("content-type", "text/plain"), Map.of(), "x",
                    false, "emf-2"), "emf-2");
        } finally {
            System.setOut(original);
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                records.add(JSON.readTree(line));
            }
        }
        assertEquals(2, records.size(), captured.toString(StandardCharsets.UTF_8));
        JsonNode first = records.get(0);
        assertEquals("untrained-1", first.get("ModelVersion").asText());
        assertEquals(1, first.get("Predictions").asInt());
        assertTrue(first.get("Latency").asDouble() > 0);
        assertEquals(1, first.get("ColdStartRequests").asInt());
        assertEquals("Clothify", first.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals("[[\"Service\",\"ModelVersion\"]]",
                first.at("/_aws/CloudWatchMetrics/0/Dimensions").toString(), "one dimension set: service and version");
        JsonNode second = records.get(1);
        assertEquals(1, second.get("ClientErrors").asInt());
        assertEquals("none", second.get("ModelVersion").asText());
        assertEquals("unsupported_media_type", second.get("error").asText());
    }
}
