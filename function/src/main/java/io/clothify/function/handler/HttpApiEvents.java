package io.clothify.function.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Converts between API Gateway HTTP API (payload format 2.0) events and the handler's request/response. */
public final class HttpApiEvents {
    private HttpApiEvents() {}

    /** Whether a Lambda event is an HTTP API event (rather than a direct invocation's JSON). */
    public static boolean isHttpEvent(JsonNode event) {
        return event.isObject() && event.path("requestContext").has("http");
    }

    public static HttpRequest fromJson(JsonNode event) {
        JsonNode http = event.path("requestContext").path("http");
        String path = event.hasNonNull("rawPath") ? event.get("rawPath").asText() : http.path("path").asText("/");
        JsonNode body = event.get("body");
        return new HttpRequest(http.path("method").asText("GET"), path, strings(event.get("headers")),
                strings(event.get("queryStringParameters")), body == null || body.isNull() ? null : body.asText(),
                event.path("isBase64Encoded").asBoolean(false), event.path("requestContext").path("requestId").asText(""));
    }

    public static HttpRequest fromEvent(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        var http = context == null ? null : context.getHttp();
        String path = event.getRawPath() != null ? event.getRawPath() : http == null ? "/" : http.getPath();
        return new HttpRequest(http == null ? "GET" : http.getMethod(), path, event.getHeaders(),
                event.getQueryStringParameters(), event.getBody(), event.getIsBase64Encoded(),
                context == null ? "" : context.getRequestId());
    }

    public static ObjectNode toJson(HttpResponse response) {
        ObjectNode json = Answers.JSON.createObjectNode();
        json.put("statusCode", response.status());
        ObjectNode headers = json.putObject("headers");
        response.headers().forEach(headers::put);
        json.put("body", response.body());
        json.put("isBase64Encoded", response.base64Encoded());
        return json;
    }

    public static APIGatewayV2HTTPResponse toEvent(HttpResponse response) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status())
                .withHeaders(response.headers()).withBody(response.body())
                .withIsBase64Encoded(response.base64Encoded()).build();
    }

    /** The response an HTTP API (payload 2.0) answer describes: what the local server sends back. */
    public static HttpResponse response(JsonNode answer) {
        Map<String, String> headers = strings(answer.get("headers"));
        headers.putIfAbsent("content-type", ResponseHeaders.JSON);
        return new HttpResponse(answer.path("statusCode").asInt(500), headers, answer.path("body").asText(""),
                answer.path("isBase64Encoded").asBoolean(false));
    }

    /**
     * The HTTP API event API Gateway would send for a request (used by the local server, so local calls take
     * exactly the Lambda path). Bodies are base64-encoded, as API Gateway does for binary media.
     */
    public static ObjectNode event(String method, String path, String rawQuery, Map<String, String> headers,
            Map<String, String> query, byte[] body, String requestId, String sourceIp) {
        ObjectNode event = Answers.JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        ObjectNode h = event.putObject("headers");
        headers.forEach(h::put);
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "local").put("apiId", "local").put("domainName", "localhost")
                .put("requestId", requestId).put("routeKey", "$default").put("stage", "$default")
                .put("time", Instant.now().toString()).put("timeEpoch", System.currentTimeMillis());
        context.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1")
                .put("sourceIp", sourceIp).put("userAgent", headers.getOrDefault("user-agent", ""));
        if (body != null && body.length > 0) {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        if (object != null && object.isObject()) {
            object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }
}
