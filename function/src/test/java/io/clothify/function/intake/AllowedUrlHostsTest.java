package io.clothify.function.intake;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.function.FunctionConfig;
import io.clothify.function.api.BadRequestException;
import io.clothify.function.handler.RequestParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** URL_HOSTS: the deployed stack sets "none" (URL intake off); unset keeps the local server open. */
class AllowedUrlHostsTest {
    private static final String URL_BODY = "{\"url\":\"https://images.example.com/shirt.jpg\"}";

    @Test
    void noneTurnsUrlIntakeOffWithA400ThatSaysWhatToSendInstead() {
        RequestParser parser = new RequestParser(IntakeLimits.defaults(), AllowedUrlHosts.parse("none"));
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> parser.parseJson(new ObjectMapper().readTree(URL_BODY)));
        assertEquals(400, e.status());
        assertEquals("url_intake_off", e.code());
        assertTrue(e.getMessage().contains("base64"), e.getMessage());
    }

    @Test
    void anAllowListAdmitsItsHostsAndSubdomainsOnly() {
        AllowedUrlHosts hosts = AllowedUrlHosts.parse("cdn.shop.test, .example.com");
        assertDoesNotThrow(() -> hosts.check("https://images.example.com/a.jpg"));
        assertDoesNotThrow(() -> hosts.check("https://CDN.shop.test/a.jpg"));
        BadRequestException e = assertThrows(BadRequestException.class, () -> hosts.check("https://evil.test/a"));
        assertEquals("url_host_not_allowed", e.code());
        assertThrows(BadRequestException.class, () -> hosts.check("https://example.com.evil.test/a"));
    }

    @Test
    void unsetOrStarAllowsAnyHost() {
        assertTrue(AllowedUrlHosts.parse(null).any());
        assertTrue(AllowedUrlHosts.parse("*").any());
        assertTrue(FunctionConfig.fromMap(Map.of("MODEL_URI", "/m")).urlHosts().any());
        assertEquals(AllowedUrlHosts.parse("none"), FunctionConfig.fromMap(Map.of("MODEL_URI", "/m", "URL_HOSTS", "none"))
                .urlHosts());
    }
}
