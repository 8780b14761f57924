package io.clothify.function.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.function.api.ApiException;
import io.clothify.function.api.BadRequestException;
import io.clothify.function.api.PayloadTooLargeException;
import io.clothify.function.api.UpstreamFetchException;
import io.clothify.function.api.UpstreamTimeoutException;
import io.clothify.function.testing.LocalWebServer;
import io.clothify.function.testing.TestImages;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeUrlFetcherTest {
    private static final byte[] PHOTO = TestImages.photo("t-shirt.jpg");
    private static LocalWebServer web;
    private static LocalWebServer internal;
    private static SafeUrlFetcher fetcher;
    private static HostResolver resolver;
    private static FetchSettings settings;

    @BeforeAll
    static void start() {
        internal = new LocalWebServer().bytes("/secret", "text/plain", "internal only".getBytes());
        web = new LocalWebServer()
                .bytes("/photo.jpg", "image/jpeg", PHOTO)
                .route("/host", exchange -> LocalWebServer.send(exchange, 200, "text/plain",
                        exchange.getRequestHeaders().getFirst("Host").getBytes()))
                .route("/chunked.jpg", exchange -> {
                    exchange.sendResponseHeaders(200, 0); // 0 = chunked
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(PHOTO);
                    }
                })
                .redirect("/r1", 302, "/r2").redirect("/r2", 301, "/r3").redirect("/r3", 307, "/photo.jpg")
                .redirect("/r0", 302, "/r1")
                .redirect("/to-internal", 302, internal.url("/secret"))
                .redirect("/to-metadata", 302, "http://169.254.169.254/latest/meta-data/iam/")
                .redirect("/to-file", 302, "file:///etc/passwd")
                .redirect("/to-private-name", 302, "http://internal.test/x")
                .redirect("/to-hex-loopback", 302, "http://0x7f.1:" + internal.port() + "/secret")
                .route("/missing", exchange -> LocalWebServer.send(exchange, 404, "text/plain", "no".getBytes()))
                .route("/slow-loris", exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    for (int i = 0; i < 40; i++) { // 1 byte every 100 ms, far longer than the total timeout
                        out.write(0xFF);
                        out.flush();
                        sleep(100);
                    }
                })
                .route("/silent", exchange -> sleep(3_000))
                .route("/huge-declared", exchange -> {
                    exchange.sendResponseHeaders(200, 50_000_000L);
                    exchange.getResponseBody().write(new byte[1024]);
                    exchange.getResponseBody().flush();
                    sleep(500);
                })
                .route("/huge-chunked", exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    byte[] block = new byte[64 * 1024];
                    for (int i = 0; i < 100; i++) { // 6.4 MB, never declared
                        out.write(block);
                    }
                });
        Map<String, String> names = Map.of("internal.test", "10.1.2.3", "metadata.test", "169.254.169.254",
                "cgnat.test", "100.64.1.1", "v6private.test", "fd00::1", "v6mapped.test", "::ffff:192.168.0.1");
        resolver = host -> {
            if (names.containsKey(host)) {
                return new InetAddress[] {InetAddress.getByName(names.get(host))};
            }
            if (host.equals("localhost") || host.matches("[0-9.]+") || host.contains(":")) {
                return InetAddress.getAllByName(host);
            }
            throw new UnknownHostException(host);
        };
        settings = new FetchSettings(Duration.ofSeconds(1), Duration.ofMillis(700),
                Duration.ofMillis(1500), 3, 1_000_000, AddressPolicy.strictExcept(Set.of(web.endpoint())));
        fetcher = new SafeUrlFetcher(settings, resolver, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    @AfterAll
    static void stop() {
        web.close();
        internal.close();
    }

    @Test
    void fetchesAnImageWithContentLengthOrChunked() {
        assertArrayEquals(PHOTO, fetcher.fetch(web.url("/photo.jpg")));
        assertArrayEquals(PHOTO, fetcher.fetch(web.url("/chunked.jpg")));
    }

    @Test
    void followsThreeRedirectsButNotFour() {
        assertArrayEquals(PHOTO, fetcher.fetch(web.url("/r1")));
        UpstreamFetchException e = assertThrows(UpstreamFetchException.class, () -> fetcher.fetch(web.url("/r0")));
        assertEquals("too_many_redirects", e.code());
        assertEquals(502, e.status());
    }

    @Test
    void refusesARedirectToAnotherLoopbackServiceWithoutConnecting() {
        assertRefused(web.url("/to-internal"));
        assertEquals(0, internal.hits("/secret"));
    }

    @Test
    void refusesRedirectsToTheMetadataAddressFilesAndPrivateNames() {
        assertTrue(assertRefused(web.url("/to-metadata")).getMessage().contains("link-local"));
        assertRefused(web.url("/to-file"));
        assertTrue(assertRefused(web.url("/to-private-name")).getMessage().contains("private"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/a.jpg", "jar:file:/tmp/x.jar!/a.jpg",
            "gopher://example.com/", "//example.com/a.jpg", "/etc/passwd", "http://user:pw@example.com/a.jpg",
            "http://internal.test/a.jpg", "http://metadata.test/latest/meta-data/", "http://cgnat.test/",
            "http://v6private.test/", "http://v6mapped.test/", "http://localhost:1/", "http://127.0.0.1:1/",
            "http://[::1]:1/", "http://[::ffff:127.0.0.1]:1/", "http://169.254.169.254/latest/meta-data/",
            "http://2130706433/", "http://0.0.0.0:1/"})
    void refusesUrlsThatAreNotPublicHttp(String url) {
        assertRefused(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x7f000001", "0X7F000001", "017700000001", "2130706433", "127.1", "127.0.1", "0x7f.1",
        "0177.0.0.1", "127.0.0.1.", "LOCALHOST.", "localhost", "%31%32%37.0.0.1", "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]", "[::1]", "[0:0:0:0:0:0:0:1]"})
    void refusesEverySpellingOfLoopbackWithoutConnecting(String host) {
        ApiException e = assertRefused("http://" + host + ":" + internal.port() + "/secret");
        assertEquals("url_not_allowed", e.code());
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertEquals(0, internal.hits("/secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0xA9FEA9FE", "0xa9.0xfe.0xa9.0xfe", "0251.0376.0251.0376", "2852039166",
        "169.254.43518", "[::ffff:a9fe:a9fe]", "012.1", "0xc0a80001", "0", "0x64.0x40.0.1", "[::ffff:10.0.0.1]"})
    void refusesSpellingsOfMetadataPrivateAndUnspecifiedAddresses(String host) {
        assertEquals("url_not_allowed", assertRefused("http://" + host + "/latest/meta-data/").code());
    }

    @Test
    void aNormalizedLiteralReachesTheAllowedServerAndIsSentInCanonicalForm() {
        int port = web.port();
        assertArrayEquals(PHOTO, fetcher.fetch("http://0x7f.1:" + port + "/photo.jpg"));
        assertArrayEquals(PHOTO, fetcher.fetch("http://2130706433:0" + port + "/photo.jpg"));
        assertEquals("127.0.0.1:" + port, new String(fetcher.fetch("http://0177.1:" + port + "/host")));
        assertEquals("127.0.0.1:" + port, new String(fetcher.fetch("http://[::ffff:7f00:1]:" + port + "/host")));
    }

    @Test
    void aRedirectToAnotherSpellingOfLoopbackIsRefusedToo() {
        assertTrue(assertRefused(web.url("/to-hex-loopback")).getMessage()
                .contains("host '0x7f.1' (127.0.0.1) is a loopback address"));
        assertEquals(0, internal.hits("/secret"));
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:99999/, bad_url, port 99999", "http://localhost:0/, bad_url, port 0",
        "http://:8080/, bad_url, is empty", "http://a*b.test/, bad_url, characters", "http://1.2.3.4.5/, bad_url, IPv4",
        "http://[fe80::1%25eth0]/, bad_url, zone", "https://no-such-host.invalid/a.jpg, url_unresolvable, resolved",
        "http://nothing.test/, url_unresolvable, could not be resolved"})
    void invalidOrUnresolvableHostsAreTheCallersMistake(String url, String code, String says) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> fetcher.fetch(url), url);
        assertEquals(400, e.status());
        assertEquals(code, e.code());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void aSlowLorisServerHitsTheTotalTimeout() {
        long started = System.nanoTime();
        UpstreamTimeoutException e = assertThrows(UpstreamTimeoutException.class,
                () -> fetcher.fetch(web.url("/slow-loris")));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(504, e.status());
        assertTrue(millis >= 1400 && millis < 3000, "took " + millis + " ms");
    }

    @Test
    void aSilentServerHitsTheReadTimeout() {
        long started = System.nanoTime();
        assertEquals(504, assertThrows(UpstreamTimeoutException.class, () -> fetcher.fetch(web.url("/silent")))
                .status());
        assertTrue((System.nanoTime() - started) / 1_000_000 < 1400, "the read timeout, not the total");
    }

    @Test
    void oversizedBodiesAreCutOffWhileStreaming() {
        assertEquals(413, assertThrows(PayloadTooLargeException.class,
                () -> fetcher.fetch(web.url("/huge-declared"))).status());
        assertEquals(413, assertThrows(PayloadTooLargeException.class,
                () -> fetcher.fetch(web.url("/huge-chunked"))).status());
    }

    @Test
    void upstreamFailuresAre502() throws Exception {
        assertEquals(502, assertThrows(UpstreamFetchException.class, () -> fetcher.fetch(web.url("/missing")))
                .status());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        var settings = new FetchSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), 0, 1000,
                AddressPolicy.strictExcept(Set.of(new java.net.InetSocketAddress("127.0.0.1", closedPort))));
        assertEquals(502, assertThrows(UpstreamFetchException.class,
                () -> new SafeUrlFetcher(settings).fetch("http://127.0.0.1:" + closedPort + "/")).status());
    }

    @Test
    void aSlowDnsAnswerCountsAgainstTheTotalTimeout() {
        HostResolver slow = host -> {
            sleep(5_000);
            return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        };
        var settings = new FetchSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500), 0, 1000,
                AddressPolicy.strictExcept(Set.of(web.endpoint())));
        long started = System.nanoTime();
        assertEquals(504, assertThrows(UpstreamTimeoutException.class, () -> new SafeUrlFetcher(settings, slow,
                (SSLSocketFactory) SSLSocketFactory.getDefault()).fetch("http://slow-dns.test/")).status());
        assertTrue((System.nanoTime() - started) / 1_000_000 < 2_000);
    }

    private static ApiException assertRefused(String url) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> fetcher.fetch(url), url);
        assertEquals(400, e.status());
        assertTrue(e.code().equals("url_not_allowed") || e.code().equals("bad_url"), e.code());
        return e;
    }

    @Test
    void anAllowListAppliesToEveryRedirectNotOnlyToTheCallersUrl() {
        SafeUrlFetcher listed = new SafeUrlFetcher(settings, resolver,
                (SSLSocketFactory) SSLSocketFactory.getDefault(), AllowedUrlHosts.parse("127.0.0.1"));
        assertArrayEquals(PHOTO, listed.fetch(web.url("/r1")), "redirects on an allowed host are followed");
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> listed.fetch(web.url("/to-private-name")));
        assertEquals("url_host_not_allowed", e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("internal.test"), e.getMessage());
    }

    @Test
    void aNegativeContentLengthIsTheImageServersFaultNotA500() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (var socket = server.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n"
                            + "Content-Length: -5\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException ignored) {
                    // the test's assertion says what went wrong
                }
            });
            answer.start();
            var endpoint = new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            SafeUrlFetcher direct = new SafeUrlFetcher(
                    settings.withPolicy(AddressPolicy.strictExcept(Set.of(endpoint))), resolver,
                    (SSLSocketFactory) SSLSocketFactory.getDefault());
            UpstreamFetchException e = assertThrows(UpstreamFetchException.class,
                    () -> direct.fetch("http://127.0.0.1:" + server.getLocalPort() + "/photo.jpg"));
            assertEquals("url_fetch_failed", e.code());
            answer.join(2_000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
