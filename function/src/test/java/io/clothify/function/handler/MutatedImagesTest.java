package io.clothify.function.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.intake.IntakeLimits;
import io.clothify.function.loading.ModelLocator;
import io.clothify.function.server.LocalServer;
import io.clothify.function.testing.ImageMutator;
import io.clothify.function.testing.TestImages;
import io.clothify.function.testing.TestModels;
import io.clothify.function.testing.TestServices;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded mutation corpus over every accepted format (JPEG, PNG RGB/RGBA/gray, WebP lossy/lossless/with alpha):
 * each mutant goes through the handler with a real model, and every fourth also through the local HTTP server. No
 * mutant may get a 5xx or take longer than {@link #PER_CASE}, and afterwards both still answer a good image.
 * The pixel limit is 4 MP here (40 MP in production) so that grown headers keep each decode short.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MutatedImagesTest {
    private static final long SEED = 22;
    private static final int PER_FORMAT = 50;
    private static final Duration PER_CASE = Duration.ofSeconds(10);
    private static final Set<Integer> CLIENT_ERRORS = Set.of(400, 413, 415, 422);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(PER_CASE).build();
    private static final Map<String, Map<Integer, Integer>> STATUSES = new ConcurrentHashMap<>();
    private static PredictHandler handler;
    private static LocalServer server;

    @BeforeAll
    static void start() throws IOException {
        IntakeLimits limits = new IntakeLimits(5_500_000, 4_000_000, 2_000_000, 4_000_000L);
        handler = new PredictHandler(TestServices.service(ModelLocator.fixed(TestModels.directory(1).toString()),
                Set.of(), limits, Duration.ofMillis(1200)));
        server = LocalServer.start(handler, 0, 2);
    }

    @AfterAll
    static void stop() {
        System.out.println("MutatedImagesTest statuses by format: " + new TreeMap<>(STATUSES));
        server.close();
        handler.service().close();
    }

    /** The originals, by format; PNGs are re-encoded from the committed JPEG with ImageIO (deterministic). */
    static Map<String, byte[]> originals() {
        Map<String, byte[]> images = new LinkedHashMap<>();
        byte[] jpeg = TestImages.photo("pants.jpg");
        images.put("jpeg", jpeg);
        images.put("png-rgb", png(jpeg, BufferedImage.TYPE_INT_RGB));
        images.put("png-rgba", png(jpeg, BufferedImage.TYPE_INT_ARGB));
        images.put("png-gray", png(jpeg, BufferedImage.TYPE_BYTE_GRAY));
        for (String webp : List.of("t-shirt-lossy", "t-shirt-lossless", "pants-alpha-lossy", "pants-alpha-lossless")) {
            images.put("webp-" + webp.replace("t-shirt-", "").replace("pants-", ""), TestImages.photo(webp + ".webp"));
        }
        return images;
    }

    static Stream<Arguments> mutants() {
        Map<String, byte[]> originals = originals();
        ImageMutator mutator = new ImageMutator(SEED, List.copyOf(originals.values()));
        List<Arguments> cases = new ArrayList<>();
        originals.forEach((format, image) -> {
            for (int i = 0; i < PER_FORMAT; i++) {
                ImageMutator.Mutant m = mutator.mutate(image);
                cases.add(Arguments.of(format, format + " #" + i + " " + m.description(), m.bytes(), i % 4 == 0));
            }
        });
        return cases.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{1}")
    @MethodSource("mutants")
    void aMutantGetsAClientErrorOrAnAnswerNeverA5xxOrAHang(String format, String name, byte[] bytes,
            boolean alsoOverHttp) {
        int status = assertTimeoutPreemptively(PER_CASE, () -> check(handler.handle(raw(bytes), "mutant")), name);
        STATUSES.computeIfAbsent(format, f -> new ConcurrentHashMap<>()).merge(status, 1, Integer::sum);
        if (alsoOverHttp) {
            int overHttp = assertTimeoutPreemptively(PER_CASE, () -> postOverHttp(bytes), name);
            assertEquals(status, overHttp, "the local server answers like the handler: " + name);
        }
    }

    @Order(2)
    @Test
    void theOriginalsAreAcceptedAtIntakeAndAGoodImageStillWorksAfterTheCorpus() throws Exception {
        for (Map.Entry<String, byte[]> original : originals().entrySet()) {
            HttpResponse response = handler.handle(raw(original.getValue()), "original");
            JsonNode body = JSON.readTree(response.body());
            assertEquals(200, response.status(), original.getKey() + ": " + response.body());
            assertTrue(body.get("image").get("width").asInt() > 0);
        }
        assertEquals(200, postOverHttp(TestImages.photo("t-shirt.jpg")));
    }

    private static int check(HttpResponse response) throws IOException {
        int status = response.status();
        assertTrue(status == 200 || CLIENT_ERRORS.contains(status), status + " " + response.body());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(status == 200 ? body.has("predictions") : body.get("message").asText().length() > 5,
                response.body());
        return status;
    }

    private static int postOverHttp(byte[] bytes) throws Exception {
        java.net.http.HttpResponse<String> response = HTTP.send(java.net.http.HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/predict"))
                .timeout(PER_CASE).header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return check(new HttpResponse(response.statusCode(), response.body()));
    }

    private static HttpRequest raw(byte[] body) {
        return new HttpRequest("POST", "/predict", Map.of("Content-Type", "application/octet-stream"), Map.of(),
                Base64.getEncoder().encodeToString(body), true, "mutant");
    }

    private static byte[] png(byte[] jpeg, int type) {
        try {
            BufferedImage photo = ImageIO.read(new ByteArrayInputStream(jpeg));
            BufferedImage converted = new BufferedImage(photo.getWidth(), photo.getHeight(), type);
            converted.createGraphics().drawImage(photo, 0, 0, null);
            if (type == BufferedImage.TYPE_INT_ARGB) {
                for (int y = 0; y < converted.getHeight(); y++) {
                    for (int x = 0; x < converted.getWidth() / 4; x++) {
                        converted.setRGB(x, y, converted.getRGB(x, y) & 0x00FFFFFF); // a transparent left quarter
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(converted, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
