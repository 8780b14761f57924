package io.clothify.function.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.api.BadRequestException;
import io.clothify.function.api.PayloadTooLargeException;
import io.clothify.function.api.UnsupportedMediaTypeException;
import io.clothify.function.intake.AllowedUrlHosts;
import io.clothify.function.intake.ImageFormat;
import io.clothify.function.intake.IntakeLimits;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns a request body into a {@link PredictRequest}: JSON {@code {"url": ...}} or {@code {"image": "<base64>"}}
 * (optionally {@code "top_k"}), or a raw JPEG/PNG/WebP body ({@code top_k} then from the query string). Sizes are
 * checked before anything is decoded.
 */
public final class RequestParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TOP_K = 1000;

    private final IntakeLimits limits;
    private final AllowedUrlHosts urlHosts;

    public RequestParser(IntakeLimits limits) {
        this(limits, AllowedUrlHosts.anyHost());
    }

    public RequestParser(IntakeLimits limits, AllowedUrlHosts urlHosts) {
        this.limits = limits;
        this.urlHosts = urlHosts;
    }

    /** Parses an HTTP API request's body. */
    public PredictRequest parse(HttpRequest request) {
        String body = request.body();
        if (body == null || body.isEmpty()) {
            throw new BadRequestException("empty_body", "The request has no body: send JSON {\"url\": ...}, "
                    + "JSON {\"image\": \"<base64>\"} or a JPEG, PNG or WebP body");
        }
        if (body.length() > limits.maxBodyBytes()) {
            throw new PayloadTooLargeException("body_too_large", "The body is " + body.length()
                    + " bytes; the limit is " + limits.maxBodyBytes());
        }
        byte[] bytes = request.base64Encoded() ? decodeBase64(body, "body") : body.getBytes(StandardCharsets.UTF_8);
        String type = request.header("content-type").map(RequestParser::mediaType).orElse("");
        boolean json = type.equals("application/json") || type.endsWith("+json")
                || (type.isEmpty() && looksLikeJson(bytes));
        if (json) {
            return parseJson(readTree(bytes));
        }
        if (!type.isEmpty() && ImageFormat.ofMediaType(type).isEmpty() && !type.equals("application/octet-stream")) {
            throw new UnsupportedMediaTypeException("Content-Type " + type + " is not supported: send "
                    + "application/json, or a " + ImageFormat.ACCEPTED + " image (image/jpeg, image/png, image/webp)");
        }
        if (bytes.length > limits.maxImageBytes()) {
            throw new PayloadTooLargeException("image_too_large", "The image is " + bytes.length
                    + " bytes; the limit is " + limits.maxImageBytes());
        }
        return PredictRequest.ofImage(bytes, topK(request.query().get("top_k")));
    }

    /** Parses a direct invocation's JSON object (the ML Zoomcamp contract {@code {"url": ...}}). */
    public PredictRequest parseJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new BadRequestException("bad_json", "Expected a JSON object with \"url\" or \"image\"");
        }
        JsonNode url = node.get("url");
        JsonNode image = node.get("image");
        int topK = topK(node.get("top_k"));
        if ((url == null || url.isNull()) == (image == null || image.isNull())) {
            throw new BadRequestException("missing_image", "Send exactly one of \"url\" and \"image\"");
        }
        if (url != null && !url.isNull()) {
            if (!url.isTextual()) {
                throw new BadRequestException("bad_url", "\"url\" must be a string");
            }
            urlHosts.check(url.asText());
            return PredictRequest.ofUrl(url.asText(), topK);
        }
        if (!image.isTextual()) {
            throw new BadRequestException("bad_image", "\"image\" must be a base64 string");
        }
        String text = image.asText();
        int comma = text.startsWith("data:") ? text.indexOf(',') : -1;
        if (comma >= 0) {
            text = text.substring(comma + 1);
        }
        long maxChars = (limits.maxImageBytes() + 2L) / 3 * 4;
        if (text.length() > maxChars + 1024) { // room for line breaks
            throw new PayloadTooLargeException("image_too_large", "The base64 image is " + text.length()
                    + " characters; the limit is " + maxChars + " (" + limits.maxImageBytes() + " bytes)");
        }
        byte[] bytes = decodeBase64(text, "\"image\"");
        if (bytes.length > limits.maxImageBytes()) {
            throw new PayloadTooLargeException("image_too_large", "The image is " + bytes.length
                    + " bytes; the limit is " + limits.maxImageBytes());
        }
        return PredictRequest.ofImage(bytes, topK);
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new BadRequestException("bad_json", "The JSON body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("bad_json", "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequestException("bad_json", "The body could not be read as JSON");
        }
    }

    private static int topK(Object value) {
        if (value == null || (value instanceof JsonNode n && n.isNull())) {
            return 0;
        }
        int k;
        if (value instanceof JsonNode n) {
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw new BadRequestException("bad_top_k", "\"top_k\" must be a whole number, got " + n);
            }
            k = n.asInt();
        } else {
            try {
                k = Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException("bad_top_k", "top_k must be a whole number, got " + value);
            }
        }
        if (k < 1 || k > MAX_TOP_K) {
            throw new BadRequestException("bad_top_k", "top_k must be 1.." + MAX_TOP_K + ", got " + k);
        }
        return k;
    }

    /**
     * Plain base64 (what clients and API Gateway send) is read by the plain decoder in one pass. It accepts only
     * the standard alphabet and padding, so what it accepts the strict check passes and the MIME decoder decodes to
     * the same bytes; anything it refuses (line breaks, the URL-safe alphabet, a mistake) takes the strict check and
     * the MIME decoder, which accept or refuse it as they did alone.
     */
    private static byte[] decodeBase64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notPlain) {
            // the strict path below decides, with its own message
        }
        try {
            return Base64.getMimeDecoder().decode(strictBase64(text, what));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("bad_base64", what + " is not valid base64: " + e.getMessage());
        }
    }

    /** The MIME decoder skips unknown characters; refuse them first so text is not silently decoded. */
    private static String strictBase64(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=' || c == '\r' || c == '\n' || c == '-' || c == '_';
            if (!ok) {
                throw new BadRequestException("bad_base64", what + " is not valid base64 (character "
                        + (int) c + " at " + i + ")");
            }
        }
        return text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? text.replace('-', '+').replace('_', '/') : text;
    }

    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{';
        }
        return false;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim().toLowerCase(Locale.ROOT);
    }
}
