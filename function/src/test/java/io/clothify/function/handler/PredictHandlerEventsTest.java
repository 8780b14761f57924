package io.clothify.function.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clothify.function.testing.LocalWebServer;
import io.clothify.function.server.LocalContext;
import io.clothify.function.testing.TestImages;
import io.clothify.function.testing.TestModels;
import io.clothify.function.testing.TestServices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The handler against API Gateway HTTP API (2.0) event fixtures and direct invocations, with a real model. */
class PredictHandlerEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalWebServer web;
    private static PredictHandler handler;

    @BeforeAll
    static void start() {
        web = new LocalWebServer().bytes("/photo.jpg", "image/jpeg", TestImages.photo("t-shirt.jpg"));
        handler = new PredictHandler(TestServices.service(TestModels.directory(1), Set.of(web.endpoint())));
    }

    @AfterAll
    static void stop() {
        handler.service().close();
        web.close();
    }

    @ParameterizedTest
    @Event(value = "events/http-predict-json-image.json", type = APIGatewayV2HTTPEvent.class)
    void jsonBase64ImageAnswersTheTopKClassesAndTheModel(APIGatewayV2HTTPEvent event) throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalContext("lambda-1"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        assertEquals("no-store", response.getHeaders().get("cache-control"), "an answer is never cached");
        assertEquals("nosniff", response.getHeaders().get("x-content-type-options"));
        JsonNode body = JSON.readTree(response.getBody());
        assertEquals(3, body.get("predictions").size());
        assertRanked(body);
        assertEquals("untrained-1", body.at("/model/version").asText());
        assertEquals("djl", body.at("/model/kind").asText());
        assertEquals(16, body.at("/image/width").asInt());
    }

    @ParameterizedTest
    @Event(value = "events/http-predict-raw-png.json", type = APIGatewayV2HTTPEvent.class)
    void rawBase64EncodedPngBodyWithTopKInTheQuery(APIGatewayV2HTTPEvent event) throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalContext("lambda-2"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = JSON.readTree(response.getBody());
        assertEquals(2, body.get("predictions").size());
        assertEquals("png", body.at("/image/format").asText());
    }

    @ParameterizedTest
    @Event(value = "events/http-health.json", type = APIGatewayV2HTTPEvent.class)
    void healthNamesTheLiveModel(APIGatewayV2HTTPEvent event) throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalContext("lambda-3"));
        assertEquals(200, response.getStatusCode());
        JsonNode body = JSON.readTree(response.getBody());
        assertEquals("ok", body.get("status").asText());
        assertEquals(10, body.at("/model/classes").asInt());
    }

    @ParameterizedTest
    @Event(value = "events/http-predict-text-as-jpeg.json", type = APIGatewayV2HTTPEvent.class)
    void textSentAsAJpegIs415(APIGatewayV2HTTPEvent event) throws IOException {
        assertError(handler.handleRequest(event, new LocalContext("lambda-4")), 415, "unsupported_media_type");
    }

    @ParameterizedTest
    @Event(value = "events/http-predict-bad-json.json", type = APIGatewayV2HTTPEvent.class)
    void malformedJsonIs400(APIGatewayV2HTTPEvent event) throws IOException {
        assertError(handler.handleRequest(event, new LocalContext("lambda-5")), 400, "bad_json");
    }

    @ParameterizedTest
    @Event(value = "events/http-unknown-route.json", type = APIGatewayV2HTTPEvent.class)
    void unknownRouteIs404(APIGatewayV2HTTPEvent event) throws IOException {
        assertError(handler.handleRequest(event, new LocalContext("lambda-6")), 404, "not_found");
    }

    @ParameterizedTest
    @Event(value = "events/http-page.json", type = APIGatewayV2HTTPEvent.class)
    void theRootIsThePageUnderAStrictContentSecurityPolicy(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalContext("lambda-page"));
        assertEquals(200, response.getStatusCode());
        assertEquals("text/html; charset=utf-8", response.getHeaders().get("content-type"));
        assertEquals("nosniff", response.getHeaders().get("x-content-type-options"));
        String policy = response.getHeaders().get("content-security-policy");
        for (String directive : List.of("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'")) {
            assertTrue(policy.contains(directive), directive + " in " + policy);
        }
        assertTrue(!policy.contains("unsafe-"), policy);
        String html = response.getBody();
        assertTrue(html.contains("<script src=\"assets/app.js\" defer></script>"), html);
        assertTrue(!html.matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*") && !html.matches("(?s).*\\sstyle=.*")
                && !html.contains("<style"), "no inline script or style: the policy would block it");
        assertTrue(!response.getIsBase64Encoded());
    }

    @Test
    void thePagesAssetsComeThroughTheStreamEntryPointWithTheirContentTypes() throws IOException {
        String page = new String(fixture("events/http-page.json"), StandardCharsets.UTF_8);
        JsonNode script = invokeStream(page.replace("\"/\"", "\"/assets/app.js\"").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, script.get("statusCode").asInt(), script.toString());
        assertEquals("text/javascript; charset=utf-8", script.at("/headers/content-type").asText());
        assertTrue(script.get("body").asText().contains("fetch("));
        JsonNode style = invokeStream(page.replace("\"/\"", "\"/assets/app.css\"").getBytes(StandardCharsets.UTF_8));
        assertEquals("text/css; charset=utf-8", style.at("/headers/content-type").asText());
        JsonNode post = invokeStream(page.replace("\"GET\"", "\"POST\"").getBytes(StandardCharsets.UTF_8));
        assertEquals(404, post.get("statusCode").asInt(), "the page is GET only: " + post);
        assertEquals("application/json", post.at("/headers/content-type").asText());
    }

    @Test
    void httpEventAndDirectInvocationGiveTheSameAnswerThroughTheStreamEntryPoint() throws IOException {
        JsonNode http = invokeStream(fixture("events/http-predict-url.json"));
        assertEquals(200, http.get("statusCode").asInt(), http.toString());
        assertEquals("application/json", http.at("/headers/content-type").asText());
        ObjectNode viaHttp = (ObjectNode) JSON.readTree(http.get("body").asText());
        ObjectNode direct = (ObjectNode) invokeStream(fixture("events/direct-invoke-url.json"));
        assertEquals(10, viaHttp.get("predictions").size(), "every class without top_k");
        assertRanked(viaHttp);
        viaHttp.remove("elapsed_ms");
        direct.remove("elapsed_ms");
        assertEquals(viaHttp, direct);
        assertEquals(400, viaHttp.at("/image/width").asInt());
    }

    @Test
    void directInvocationErrorsCarryTheirStatus() throws IOException {
        JsonNode answer = invokeStream(fixture("events/direct-invoke-file-url.json"));
        assertEquals("url_not_allowed", answer.get("error").asText());
        assertEquals(400, answer.get("status").asInt());
        JsonNode notJson = invokeStream("not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notJson.get("status").asInt());
    }

    private static JsonNode invokeStream(byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new LocalContext("lambda-stream"));
        return JSON.readTree(out.toByteArray());
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = PredictHandlerEventsTest.class.getResourceAsStream("/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("PORT", Integer.toString(web.port())).getBytes(StandardCharsets.UTF_8);
        }
    }

    static void assertRanked(JsonNode body) {
        double previous = 1.0;
        double sum = 0;
        for (JsonNode p : body.get("predictions")) {
            double probability = p.get("probability").asDouble();
            assertTrue(probability <= previous + 1e-9, "sorted: " + body);
            assertTrue(TestModels.CLOTHING.contains(p.get("label").asText()));
            previous = probability;
            sum += probability;
        }
        assertEquals(body.get("label").asText(), body.at("/predictions/0/label").asText());
        if (body.get("predictions").size() == TestModels.CLOTHING.size()) {
            assertEquals(1.0, sum, 1e-4);
        }
    }

    static void assertError(APIGatewayV2HTTPResponse response, int status, String code) throws IOException {
        assertEquals(status, response.getStatusCode(), response.getBody());
        JsonNode body = JSON.readTree(response.getBody());
        assertEquals(code, body.get("error").asText());
        assertTrue(body.get("message").asText().length() > 5);
    }
}
