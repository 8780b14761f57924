package io.clothify.function.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls a deployed (or local) classifier API: {@code POST <api>/predict}. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI predict;

    /** @param api the API's base URL (e.g. {@code http://127.0.0.1:8080}) or its full {@code /predict} URL */
    public ApiClient(String api) {
        String base = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        this.predict = URI.create(base.endsWith("/predict") ? base : base + "/predict");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * The answer to one request.
     *
     * @param status the HTTP status
     * @param body the JSON body
     * @param millis the round trip in milliseconds
     */
    public record Answer(int status, JsonNode body, double millis) {
        public boolean ok() {
            return status == 200;
        }
    }

    public Answer predictUrl(String imageUrl, int topK) throws IOException, InterruptedException {
        var body = JSON.createObjectNode().put("url", imageUrl);
        if (topK > 0) {
            body.put("top_k", topK);
        }
        return send(HttpRequest.BodyPublishers.ofString(body.toString()), "application/json");
    }

    public Answer predictBytes(byte[] image) throws IOException, InterruptedException {
        boolean png = image.length > 4 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G';
        return send(HttpRequest.BodyPublishers.ofByteArray(image), png ? "image/png" : "image/jpeg");
    }

    private Answer send(HttpRequest.BodyPublisher body, String contentType) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(body).build();
        long started = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double millis = (System.nanoTime() - started) / 1e6;
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            json = JSON.createObjectNode().put("error", "not_json").put("message",
                    new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Answer(response.statusCode(), json, millis);
    }
}
