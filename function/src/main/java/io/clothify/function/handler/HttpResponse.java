package io.clothify.function.handler;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP answer of the handler, in the shape of an HTTP API (payload 2.0) response.
 *
 * @param status the HTTP status code
 * @param headers response headers, names in lower case (always with {@code content-type})
 * @param body the body: text, or base64 when {@code base64Encoded} (binary assets)
 * @param base64Encoded whether {@code body} is base64, as API Gateway expects for binary answers
 */
public record HttpResponse(int status, Map<String, String> headers, String body, boolean base64Encoded) {

    public HttpResponse {
        Objects.requireNonNull(body, "body");
        TreeMap<String, String> lower = new TreeMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        if (!lower.containsKey("content-type")) {
            throw new IllegalArgumentException("A response needs a content-type, got headers " + lower.keySet());
        }
        headers = Collections.unmodifiableMap(lower);
    }

    /** A JSON answer of the API (prediction, health or error), never cached. */
    public HttpResponse(int status, String body) {
        this(status, ResponseHeaders.json(), body, false);
    }

    public String contentType() {
        return headers.get("content-type");
    }
}
