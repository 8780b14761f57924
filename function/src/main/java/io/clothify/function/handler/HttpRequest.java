package io.clothify.function.handler;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an HTTP API (payload 2.0) event the function uses.
 *
 * @param method the HTTP method, upper case
 * @param path the raw path, e.g. {@code /predict}
 * @param headers header names in lower case
 * @param query query string parameters
 * @param body the body as API Gateway sent it (base64 when {@code base64Encoded}), or {@code null}
 * @param base64Encoded whether API Gateway base64-encoded the body
 * @param requestId API Gateway's request id (logged with every error)
 */
public record HttpRequest(String method, String path, Map<String, String> headers, Map<String, String> query,
        String body, boolean base64Encoded, String requestId) {

    public HttpRequest {
        method = Objects.requireNonNullElse(method, "GET").toUpperCase(Locale.ROOT);
        path = Objects.requireNonNullElse(path, "/");
        headers = headers == null ? Map.of() : lowerCaseKeys(headers);
        query = query == null ? Map.of() : Map.copyOf(query);
        requestId = Objects.requireNonNullElse(requestId, "");
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> headers) {
        java.util.HashMap<String, String> lower = new java.util.HashMap<>();
        headers.forEach((k, v) -> {
            if (k != null && v != null) {
                lower.put(k.toLowerCase(Locale.ROOT), v);
            }
        });
        return Map.copyOf(lower);
    }
}
