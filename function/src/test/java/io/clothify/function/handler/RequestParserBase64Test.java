package io.clothify.function.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.api.BadRequestException;
import io.clothify.function.intake.IntakeLimits;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What base64 the parser accepts and how it refuses the rest, in a JSON {@code "image"} and in a base64-encoded body
 * (API Gateway's {@code isBase64Encoded}): plain base64 with or without padding, MIME line breaks, the URL-safe
 * alphabet and a {@code data:} URL prefix are read; any other character, and a bad ending, is a 400 whose message
 * says what was wrong.
 */
class RequestParserBase64Test {
    private static final RequestParser PARSER = new RequestParser(IntakeLimits.defaults());
    /** 300 random bytes: every base64 character occurs, and MIME encoding breaks the lines. */
    private static final byte[] BYTES = new byte[300];

    static {
        new Random(22).nextBytes(BYTES);
    }

    private static byte[] jsonImage(String base64) {
        String body = new ObjectMapper().createObjectNode().put("image", base64).toString();
        return PARSER.parse(new HttpRequest("POST", "/predict", Map.of("content-type", "application/json"), Map.of(),
                body, false, "test")).image();
    }

    private static byte[] body(String base64) {
        return PARSER.parse(new HttpRequest("POST", "/predict", Map.of("content-type", "image/jpeg"), Map.of(),
                base64, true, "test")).image();
    }

    private static String encoded(String form) {
        return switch (form) {
            case "padded" -> Base64.getEncoder().encodeToString(BYTES);
            case "unpadded" -> Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(BYTES, 299));
            case "mime" -> Base64.getMimeEncoder().encodeToString(BYTES);
            case "newlines" -> Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(BYTES);
            case "url-safe" -> Base64.getUrlEncoder().encodeToString(BYTES);
            default -> throw new IllegalArgumentException(form);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"padded", "unpadded", "mime", "newlines", "url-safe"})
    void acceptedForms(String form) {
        byte[] want = form.equals("unpadded") ? Arrays.copyOf(BYTES, 299) : BYTES;
        assertArrayEquals(want, jsonImage(encoded(form)), "JSON image");
        assertArrayEquals(want, jsonImage("data:image/jpeg;base64," + encoded(form)), "data: URL");
        assertArrayEquals(want, body(encoded(form)), "base64 body");
    }

    /** Each text (CR and LF written as backslash-r and backslash-n) and how it was refused before the fast path. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "@@@@|is not valid base64 (character 64 at 0)",
        "QUJD RA==|is not valid base64 (character 32 at 4)",
        "QUJD\tRA==|is not valid base64 (character 9 at 4)",
        "QUJDRA=|is not valid base64: Input byte array has wrong 4-byte ending unit",
        "QQ==QQ==|is not valid base64: Input byte array has incorrect ending byte at 5",
        "Q|is not valid base64: Last unit does not have enough valid bits",
        "QUJDR|is not valid base64: Last unit does not have enough valid bits",
        "QUJD=RA=|is not valid base64: Input byte array has wrong 4-byte ending unit",
        "QUJD\\nRA=|is not valid base64: Input byte array has wrong 4-byte ending unit",
        "QQ==\\r\\nQQ==|is not valid base64: Input byte array has incorrect ending byte at 7",
        "QUJD-_=A|is not valid base64: Input byte array has wrong 4-byte ending unit",
    })
    void refusedWithTheirReason(String escaped, String reason) {
        String text = escaped.replace("\\r", "\r").replace("\\n", "\n");
        BadRequestException json = assertThrows(BadRequestException.class, () -> jsonImage(text));
        assertEquals("bad_base64", json.code());
        assertEquals("\"image\" " + reason, json.getMessage());
        BadRequestException raw = assertThrows(BadRequestException.class, () -> body(text));
        assertEquals("body " + reason, raw.getMessage());
    }

    /**
     * Short random texts over a few base64 characters, padding, line breaks, the URL-safe pair and characters that
     * are refused: each gets exactly the bytes or the message that the strict check and MIME decoder alone gave
     * (the code before the plain decoder's fast path, copied here as the oracle).
     */
    @Test
    void randomTextsGetWhatTheStrictPathGave() {
        String alphabet = "AQgw09+/=-_\r\n @";
        Random random = new Random(2026);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = 1 + random.nextInt(12); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String want;
            try {
                want = Base64.getEncoder().encodeToString(strictMime(text.toString()));
                accepted++;
            } catch (IllegalArgumentException e) {
                want = "body " + e.getMessage();
            }
            String got;
            try {
                got = Base64.getEncoder().encodeToString(body(text.toString()));
            } catch (BadRequestException e) {
                got = e.getMessage();
            }
            assertEquals(want, got, "text " + text.toString().replace("\r", "\\r").replace("\n", "\\n"));
        }
        assertTrue(accepted > 1000 && accepted < 19_000, accepted + " accepted"); // both outcomes well exercised
    }

    private static byte[] strictMime(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=' || c == '\r' || c == '\n' || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("is not valid base64 (character " + (int) c + " at " + i + ")");
            }
        }
        String standard = text.replace('-', '+').replace('_', '/');
        try {
            return Base64.getMimeDecoder().decode(standard);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid base64: " + e.getMessage());
        }
    }
}
