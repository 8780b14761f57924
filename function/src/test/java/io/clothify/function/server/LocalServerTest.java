package io.clothify.function.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.handler.PredictHandler;
import io.clothify.function.testing.LocalWebServer;
import io.clothify.function.testing.TestImages;
import io.clothify.function.testing.TestModels;
import io.clothify.function.testing.TestServices;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local server: HTTP request -> HTTP API event -> the same handler -> HTTP response, under concurrency. */
class LocalServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalWebServer web;
    private static PredictHandler handler;
    private static LocalServer server;

    @BeforeAll
    static void start() throws Exception {
        web = new LocalWebServer().bytes("/pants.jpg", "image/jpeg", TestImages.photo("pants.jpg"));
        handler = new PredictHandler(TestServices.service(TestModels.archive(1), Set.of(web.endpoint())));
        server = LocalServer.start(handler, 0, 4);
    }

    @AfterAll
    static void stop() {
        server.close();
        handler.service().close();
        web.close();
    }

    @Test
    void bindsLoopbackOnlyAndAnswersHealth() throws Exception {
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("application/json", health.headers().firstValue("content-type").orElseThrow());
        assertEquals("untrained-1", JSON.readTree(health.body()).at("/model/version").asText());
        try (var probe = new java.net.Socket()) {
            InetAddress other = InetAddress.getByName("127.0.0.2");
            probe.connect(new java.net.InetSocketAddress(other, server.port()), 500);
            throw new AssertionError("The server must listen on 127.0.0.1 only");
        } catch (java.io.IOException expected) {
            // refused: nothing listens there
        }
    }

    @Test
    void answersRawJsonAndUrlRequestsLikeTheHandler() throws Exception {
        byte[] photo = TestImages.photo("t-shirt.jpg");
        JsonNode raw = JSON.readTree(post("/predict?top_k=3", "image/jpeg", photo).body());
        assertEquals(3, raw.get("predictions").size());
        String json = JSON.createObjectNode().put("url", web.url("/pants.jpg")).toString();
        HttpResponse<String> viaUrl = post("/predict", "application/json", json.getBytes());
        assertEquals(200, viaUrl.statusCode(), viaUrl.body());
        assertEquals(534, JSON.readTree(viaUrl.body()).at("/image/height").asInt());
        HttpResponse<String> bad = post("/predict", "text/plain", "hello".getBytes());
        assertEquals(415, bad.statusCode());
        assertEquals("unsupported_media_type", JSON.readTree(bad.body()).get("error").asText());
        assertEquals(404, get("/nope").statusCode());
    }

    @Test
    void servesThePageAndCarriesEachAnswersHeaders() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertTrue(page.headers().firstValue("content-security-policy").orElseThrow().contains("frame-ancestors 'none'"));
        assertTrue(page.body().contains("<label for=\"file\""), page.body());
        assertEquals("text/javascript; charset=utf-8", get("/assets/app.js").headers().firstValue("content-type").orElseThrow());
        HttpResponse<String> answer = post("/predict", "image/jpeg", TestImages.photo("t-shirt.jpg"));
        assertEquals("no-store", answer.headers().firstValue("cache-control").orElseThrow());
        assertEquals("nosniff", answer.headers().firstValue("x-content-type-options").orElseThrow());
        assertTrue(answer.headers().firstValue("content-security-policy").isEmpty(), "the policy is the page's");
        HttpResponse<String> tooLarge = post("/predict", "image/jpeg", new byte[7 * 1024 * 1024]);
        assertEquals(413, tooLarge.statusCode());
        assertEquals("no-store", tooLarge.headers().firstValue("cache-control").orElseThrow());
        assertEquals("payload_too_large", JSON.readTree(tooLarge.body()).get("error").asText());
    }

    @Test
    void answersConcurrentRequestsCorrectly() throws Exception {
        Map<String, byte[]> images = Map.of("t-shirt", TestImages.photo("t-shirt.jpg"), "pants",
                TestImages.photo("pants.jpg"), "png", TestImages.png(90, 120));
        Map<String, JsonNode> expected = new HashMap<>();
        for (var e : images.entrySet()) {
            JsonNode answer = JSON.readTree(post("/predict", "application/octet-stream", e.getValue()).body());
            expected.put(e.getKey(), answer.get("predictions"));
        }
        List<String> names = new ArrayList<>(images.keySet());
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String name = names.get(i % names.size());
                results.add(clients.submit(() -> {
                    HttpResponse<String> r = post("/predict", "application/octet-stream", images.get(name));
                    return r.statusCode() == 200
                            && JSON.readTree(r.body()).get("predictions").equals(expected.get(name));
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(), "each concurrent answer equals the sequential one for its image");
            }
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
