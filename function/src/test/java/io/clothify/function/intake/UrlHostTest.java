package io.clothify.function.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.function.api.BadRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host and port parsing as browsers (WHATWG URL) and curl do it. Every literal below gives the same address in
 * Node's WHATWG {@code URL} (checked 2026-12-04); names WHATWG lets through but DNS cannot hold ({@code a*b},
 * {@code a..b}) are refused here as invalid.
 */
class UrlHostTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0x7f000001, 127.0.0.1", "0X7F000001, 127.0.0.1", "0x7f.1, 127.0.0.1", "0x7f.0x0.0x0.0x1, 127.0.0.1",
        "017700000001, 127.0.0.1", "0177.0.0.1, 127.0.0.1", "0177.0000.0.01, 127.0.0.1", "2130706433, 127.0.0.1",
        "127.1, 127.0.0.1", "127.0.1, 127.0.0.1", "127.0.0.1., 127.0.0.1", "127.1., 127.0.0.1",
        "'127.0.0.1。', 127.0.0.1",
        "%31%32%37.0.0.1, 127.0.0.1", "'１２７．０．０．１', 127.0.0.1", "0, 0.0.0.0", "0x, 0.0.0.0",
        "0xA9FEA9FE, 169.254.169.254", "169.254.43518, 169.254.169.254", "2852039166, 169.254.169.254",
        "012.0.0.1, 10.0.0.1", "10.1, 10.0.0.1", "192.168.257, 192.168.1.1",
        "4294967295, 255.255.255.255", "1.1.1.1, 1.1.1.1"})
    void normalizesEveryIpv4SpellingBrowsersAccept(String raw, String address) {
        UrlHost host = UrlHost.parse(raw);
        assertEquals(address, host.name());
        assertEquals(address, host.literal().orElseThrow().getHostAddress());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"[::1], 0:0:0:0:0:0:0:1", "[0:0:0:0:0:0:0:1], 0:0:0:0:0:0:0:1", "[::ffff:127.0.0.1], 127.0.0.1",
        "[::FFFF:7f00:1], 127.0.0.1", "[::ffff:a9fe:a9fe], 169.254.169.254", "[fd00::1], fd00:0:0:0:0:0:0:1",
        "[2606:4700:4700::1111], 2606:4700:4700:0:0:0:0:1111"})
    void parsesIpv6LiteralsAndUnwrapsIpv4MappedOnes(String raw, String address) {
        UrlHost host = UrlHost.parse(raw);
        assertEquals(address, host.literal().orElseThrow().getHostAddress());
        assertEquals(address.contains(":") ? "[" + address + "]" : address, host.headerForm());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"LOCALHOST., localhost", "localhost, localhost", "Example.COM, example.com",
        "images.example.com., images.example.com", "'ｅｘａｍｐｌｅ．ｃｏｍ。', example.com",
        "bücher.example, xn--bcher-kva.example", "a_b.example, a_b.example",
        "cdn-1.example, cdn-1.example", "'ｅｘａｍｐｌｅ。com', example.com", "0x7f.example, 0x7f.example",
        "1.2.3.4.example, 1.2.3.4.example"})
    void normalizesNamesWithoutResolvingThem(String raw, String name) {
        UrlHost host = UrlHost.parse(raw);
        assertEquals(name, host.name());
        assertTrue(host.literal().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3.4.5", "256.0.0.1", "1.256.0.1", "127.0.0.0x100", "127.16777216", "08.8.8.8",
        "4294967296", "0x100000000", "example.123", "example.0x1", "1..1", "09.0.0.1", "0x7g.1", "a*b.example",
        "a..b", "a b", "%zz", "%ff.example", "%00", "a!b", "[fe80::1%25eth0]", "[::1", "[127.0.0.1]", "[:::1]",
        "[1:2:3:4:5:6:7:8:9]", "[example.com]", "."})
    void refusesInvalidHostsAsTheCallersMistake(String raw) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> UrlHost.parse(raw), raw);
        assertEquals(400, e.status());
        assertEquals("bad_url", e.code());
        assertTrue(e.getMessage().startsWith("The url's host '"), e.getMessage());
    }

    @Test
    void refusesNamesLongerThanDnsAllows() {
        String label = "a".repeat(63);
        assertEquals(label + ".example", UrlHost.parse(label + ".example").name());
        assertThrows(BadRequestException.class, () -> UrlHost.parse("a" + label + ".example"));
        String name = String.join(".", label, label, label, label);
        assertTrue(assertThrows(BadRequestException.class, () -> UrlHost.parse(name)).getMessage()
                .contains("longer than 253"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http://0x7f.1/a.jpg, 127.0.0.1, 80, 127.0.0.1, /a.jpg", "https://LOCALHOST.:8443, localhost, 8443, "
            + "localhost:8443, /", "http://h:0080/x?y=1, h, 80, h, /x?y=1", "http://h:/, h, 80, h, /",
        "https://[::ffff:7f00:1]:443/p, 127.0.0.1, 443, 127.0.0.1, /p",
        "http://[::1]:8080/, 0:0:0:0:0:0:0:1, 8080, [0:0:0:0:0:0:0:1]:8080, /"})
    void parsesTheUrlAroundTheHost(String url, String host, int port, String hostHeader, String target) {
        ImageUrl parsed = ImageUrl.parse(url);
        assertEquals(host, parsed.host().name());
        assertEquals(port, parsed.port());
        assertEquals(hostHeader, parsed.hostHeader());
        assertEquals(target, parsed.requestTarget());
    }

    @Test
    void refusesUrlsLongerThan8KbBeforeParsingThem() {
        String path = "/" + "a".repeat(ImageUrl.MAX_LENGTH - "http://h.example/".length());
        assertEquals(ImageUrl.MAX_LENGTH, ImageUrl.parse("http://h.example" + path).requestTarget().length() + 16);
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> ImageUrl.parse("http://h.example" + path + "a"));
        assertTrue(e.getMessage().contains("8193 characters; the limit is 8192"), e.getMessage());
        assertThrows(BadRequestException.class, () -> ImageUrl.parse("http://" + "a".repeat(5_000_000) + "/"));
    }

    @ParameterizedTest
    @CsvSource({"http://h:99999/, port 99999 is outside 1-65535", "http://h:0/, port 0 is outside",
        "http://h:65536/, port 65536", "http://h:8a/, port '8a' is not a number", "'http://h:-1/', port '-1'",
        "http://:80/, host '' is empty", "http:///a.jpg, has no host", "http:example.com, has no host",
        "http://ex ample/, malformed", "http://[::1/, malformed", "http://1.2.3.4.5/, more than four parts",
        "http://h:123456789012345678901234567890/, is outside 1-65535"})
    void refusesInvalidPortsAndHostsWithAMessageThatSaysSo(String url, String says) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> ImageUrl.parse(url), url);
        assertEquals("bad_url", e.code());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }
}
