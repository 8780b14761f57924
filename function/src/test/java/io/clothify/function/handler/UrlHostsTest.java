package io.clothify.function.handler;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.function.FunctionConfig;
import io.clothify.function.api.BadRequestException;
import io.clothify.function.intake.IntakeLimits;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** URL_HOSTS: the deployed stack sets "none" (URL intake off); unset keeps the local server open. */
class UrlHostsTest {
    private static final String URL_BODY = "{\"url\":\"https://images.example.com/shirt.jpg\"}";

    @Test
    void noneTurnsUrlIntakeOffWithA400ThatSaysWhatToSendInstead() {
        RequestParser parser = new RequestParser(IntakeLimits.defaults(), UrlHosts.parse("none"));
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> parser.parseJson(new ObjectMapper().readTree(URL_BODY)));
        assertEquals(400, e.status());
        assertEquals("url_intake_off", e.code());
        assertTrue(e.getMessage().contains("base64"), e.getMessage());
    }

    @Test
    void anAllowListAdmitsItsHostsAndSubdomainsOnly() {
        UrlHosts hosts = UrlHosts.parse("cdn.shop.test, .example.com");
        assertDoesNotThrow(() -> hosts.check("https://images.example.com/a.jpg"));
        assertDoesNotThrow(() -> hosts.check("https://CDN.shop.test/a.jpg"));
        BadRequestException e = assertThrows(BadRequestException.class, () -> hosts.check("https://evil.test/a"));
        assertEquals("url_host_not_allowed", e.code());
        assertThrows(BadRequestException.class, () -> hosts.check("https://example.com.evil.test/a"));
    }

    @Test
    void unsetOrStarAllowsAnyHost() {
        assertTrue(UrlHosts.parse(null).any());
        assertTrue(UrlHosts.parse("*").any());
        assertTrue(FunctionConfig.fromMap(Map.of("MODEL_URI", "/m")).urlHosts().any());
        assertEquals(UrlHosts.parse("none"), FunctionConfig.fromMap(Map.of("MODEL_URI", "/m", "URL_HOSTS", "none"))
                .urlHosts());
    }
}
