package io.clothify.function.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.intake.IntakeLimits;
import io.clothify.function.loading.ModelLocator;
import io.clothify.function.testing.HeaderEdits;
import io.clothify.function.testing.LocalWebServer;
import io.clothify.function.testing.TestImages;
import io.clothify.function.testing.TestModels;
import io.clothify.function.testing.TestServices;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The issue's SSRF and abuse list, end to end through the handler with a real model: each gets the right status
 * and error code, and after each one the same handler still answers a good request.
 */
class AbuseCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PHOTO = TestImages.photo("pants.jpg");
    private static final byte[] WEBP = TestImages.photo("pants-alpha-lossy.webp");
    private static final byte[] HEIC = "\0\0\0\u0018ftypheic\0\0\0\0mif1heic\0\0\0\0"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] AVIF = "\0\0\0\u0020ftypavif\0\0\0\0avifmif1\0\0\0\0"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static LocalWebServer web;
    private static LocalWebServer internal;
    private static PredictHandler handler;

    @BeforeAll
    static void start() {
        internal = new LocalWebServer().bytes("/admin", "text/plain", "secret".getBytes());
        web = new LocalWebServer()
                .bytes("/photo.jpg", "image/jpeg", PHOTO)
                .bytes("/truncated.jpg", "image/jpeg", Arrays.copyOf(PHOTO, PHOTO.length / 2))
                .bytes("/page.html", "image/jpeg", "<html>not an image</html>".getBytes())
                .bytes("/bomb.png", "image/png", TestImages.pngHeaderClaiming(50_000, 50_000))
                .bytes("/photo.avif", "image/avif", AVIF)
                .redirect("/to-loopback", 302, internal.url("/admin"))
                .redirect("/to-metadata", 302, "http://169.254.169.254/latest/meta-data/")
                .redirect("/to-jar", 301, "jar:file:/var/task/lib/function.jar!/META-INF/MANIFEST.MF")
                .route("/slow-loris", exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    for (int i = 0; i < 30; i++) {
                        out.write(0xFF);
                        out.flush();
                        pause(100);
                    }
                })
                .route("/endless", exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    byte[] block = new byte[64 * 1024];
                    for (int i = 0; i < 64; i++) {
                        out.write(block);
                    }
                });
        IntakeLimits limits = new IntakeLimits(5_500_000, 4_000_000, 2_000_000, 40_000_000L);
        handler = new PredictHandler(TestServices.service(ModelLocator.fixed(TestModels.directory(1).toString()),
                Set.of(web.endpoint()), limits, Duration.ofMillis(1200)));
    }

    @AfterAll
    static void stop() {
        handler.service().close();
        web.close();
        internal.close();
    }

    static Stream<Arguments> cases() {
        String bigBase64 = "A".repeat(5_400_000); // under the body cap, over the 4 MB image cap
        return Stream.of(
                Arguments.of("redirect to 127.0.0.1", url("/to-loopback"), 400, "url_not_allowed"),
                Arguments.of("redirect to 169.254.169.254", url("/to-metadata"), 400, "url_not_allowed"),
                Arguments.of("redirect to jar:", url("/to-jar"), 400, "url_not_allowed"),
                Arguments.of("name resolving to 10/8", json("url", "http://internal.test/a.jpg"), 400, "url_not_allowed"),
                Arguments.of("name resolving to metadata", json("url", "http://metadata.test/"), 400, "url_not_allowed"),
                Arguments.of("name resolving to CGNAT", json("url", "http://cgnat.test/"), 400, "url_not_allowed"),
                Arguments.of("name resolving to fd00::/8", json("url", "https://v6private.test/"), 400,
                        "url_not_allowed"),
                Arguments.of("localhost", json("url", "http://localhost:9001/2018-06-01/runtime/invocation/next"), 400,
                        "url_not_allowed"),
                Arguments.of("file: URL", json("url", "file:///etc/passwd"), 400, "url_not_allowed"),
                Arguments.of("ftp: URL", json("url", "ftp://example.com/a.jpg"), 400, "url_not_allowed"),
                Arguments.of("jar: URL", json("url", "jar:file:/tmp/a.jar!/a.jpg"), 400, "url_not_allowed"),
                Arguments.of("slow-loris server", url("/slow-loris"), 504, "url_fetch_timeout"),
                Arguments.of("oversized download", url("/endless"), 413, "image_too_large"),
                Arguments.of("50,000 x 50,000 PNG by URL", url("/bomb.png"), 413, "image_too_large"),
                Arguments.of("50,000 x 50,000 PNG as base64", json("image",
                        Base64.getEncoder().encodeToString(TestImages.pngHeaderClaiming(50_000, 50_000))), 413,
                        "image_too_large"),
                Arguments.of("truncated JPEG by URL", url("/truncated.jpg"), 422, "invalid_image"),
                Arguments.of("truncated JPEG raw", raw("image/jpeg", Arrays.copyOf(PHOTO, PHOTO.length - 100)), 422,
                        "invalid_image"),
                Arguments.of("zero bytes raw", raw("image/jpeg", new byte[0]), 400, "empty_body"),
                Arguments.of("zero bytes base64", json("image", ""), 400, "empty_image"),
                Arguments.of("text as image raw", raw("image/jpeg", "hello".getBytes()), 415, "unsupported_media_type"),
                Arguments.of("html as image by URL", url("/page.html"), 415, "unsupported_media_type"),
                Arguments.of("huge base64", json("image", bigBase64), 413, "image_too_large"),
                Arguments.of("huge raw body", raw("image/jpeg", new byte[5_000_000]), 413, "body_too_large"),
                Arguments.of("huge JSON body", json("image", "A".repeat(6_000_000)), 413, "body_too_large"),
                Arguments.of("not base64", json("image", "@@@@"), 400, "bad_base64"),
                Arguments.of("both url and image", json("{\"url\":\"http://a/\",\"image\":\"AA==\"}"), 400, "missing_image"),
                Arguments.of("top_k not a number", json("{\"url\":\"http://a/\",\"top_k\":\"x\"}"), 400, "bad_top_k"),
                Arguments.of("gif content type", raw("image/gif", "GIF89a".getBytes()), 415, "unsupported_media_type"),
                Arguments.of("hex loopback host", hostUrl("0x7f000001"), 400, "url_not_allowed"),
                Arguments.of("dotted hex loopback host", hostUrl("0x7f.1"), 400, "url_not_allowed"),
                Arguments.of("octal loopback host", hostUrl("017700000001"), 400, "url_not_allowed"),
                Arguments.of("dotted octal loopback host", hostUrl("0177.0.0.1"), 400, "url_not_allowed"),
                Arguments.of("dotless decimal loopback host", hostUrl("2130706433"), 400, "url_not_allowed"),
                Arguments.of("short loopback host", hostUrl("127.1"), 400, "url_not_allowed"),
                Arguments.of("trailing-dot loopback host", hostUrl("127.0.0.1."), 400, "url_not_allowed"),
                Arguments.of("LOCALHOST. host", hostUrl("LOCALHOST."), 400, "url_not_allowed"),
                Arguments.of("IPv4-mapped loopback host", hostUrl("[::ffff:7f00:1]"), 400, "url_not_allowed"),
                Arguments.of("dotless metadata host", json("url", "http://2852039166/latest/meta-data/"), 400,
                        "url_not_allowed"),
                Arguments.of("IPv4-mapped metadata host", json("url", "http://[::ffff:a9fe:a9fe]/latest/"), 400,
                        "url_not_allowed"),
                Arguments.of("port 99999", json("url", "http://example.test:99999/a.jpg"), 400, "bad_url"),
                Arguments.of("empty host", json("url", "http://:8080/a.jpg"), 400, "bad_url"),
                Arguments.of("bad characters in host", json("url", "http://exa*mple.test/a.jpg"), 400, "bad_url"),
                Arguments.of("IPv4 with five parts", json("url", "http://1.2.3.4.5/a.jpg"), 400, "bad_url"),
                Arguments.of("unresolvable host", json("url", "http://no-such-host.invalid/a.jpg"), 400,
                        "url_unresolvable"),
                Arguments.of("truncated WebP raw", raw("image/webp", Arrays.copyOf(WEBP, WEBP.length - 100)), 422,
                        "invalid_image"),
                Arguments.of("16383 x 16383 WebP raw", raw("image/webp", HeaderEdits.withDimensions(WEBP, 16383,
                        16383)), 413, "image_too_large"),
                Arguments.of("HEIC content type", raw("image/heic", HEIC), 415, "unsupported_media_type"),
                Arguments.of("HEIC as octet-stream", raw("application/octet-stream", HEIC), 415,
                        "unsupported_media_type"),
                Arguments.of("AVIF by URL", url("/photo.avif"), 415, "unsupported_media_type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithTheRightStatus(String name, HttpRequest request, int status, String code) throws Exception {
        HttpResponse response = handler.handle(request, "abuse-" + name);
        assertEquals(status, response.status(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(code, body.get("error").asText(), response.body());
        assertTrue(body.get("message").asText().length() > 5);
    }

    @AfterEach
    void stillServes() throws Exception {
        HttpResponse ok = handler.handle(url("/photo.jpg"), "after");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(10, JSON.readTree(ok.body()).get("predictions").size());
        assertEquals(0, internal.hits("/admin"), "nothing ever reached the internal service");
    }

    /** A URL on the internal service's port, its host spelled {@code host}. */
    private static HttpRequest hostUrl(String host) {
        return json("url", "http://" + host + ":" + internal.port() + "/admin");
    }

    private static HttpRequest url(String path) {
        return json("url", web.url(path));
    }

    private static HttpRequest json(String field, String value) {
        return json(JSON.createObjectNode().put(field, value).toString());
    }

    private static HttpRequest json(String body) {
        return new HttpRequest("POST", "/predict", Map.of("content-type", "application/json"), Map.of(), body, false,
                "abuse");
    }

    private static HttpRequest raw(String type, byte[] body) {
        return new HttpRequest("POST", "/predict", Map.of("Content-Type", type), Map.of(),
                Base64.getEncoder().encodeToString(body), true, "abuse");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
