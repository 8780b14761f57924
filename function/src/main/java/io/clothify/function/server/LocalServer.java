package io.clothify.function.server;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clothify.function.handler.Answers;
import io.clothify.function.handler.HttpApiEvents;
import io.clothify.function.handler.HttpResponse;
import io.clothify.function.intake.IntakeLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP server on 127.0.0.1 in front of the Lambda handler: each HTTP request becomes the HTTP API (2.0)
 * event API Gateway would send, goes through the handler's stream entry point (exactly what the Lambda runtime
 * calls), and the handler's HTTP API response becomes the HTTP response.
 */
public final class LocalServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestStreamHandler handler;

    private LocalServer(HttpServer server, ExecutorService executor, RequestStreamHandler handler) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
    }

    /**
     * Starts serving on {@code 127.0.0.1:port} ({@code 0} picks a free port) with {@code threads} workers.
     */
    public static LocalServer start(RequestStreamHandler handler, int port, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback, port), 128);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        LocalServer local = new LocalServer(server, executor, handler);
        server.createContext("/", local::exchange);
        server.setExecutor(executor);
        server.start();
        LOG.info("Serving on http://127.0.0.1:{}/ (the page; POST /predict, GET /health)", local.port());
        return local;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, {@code http://127.0.0.1:<port>/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                respond(exchange, new HttpResponse(413, Answers.error("payload_too_large", "The body is over Lambda's "
                        + IntakeLimits.LAMBDA_PAYLOAD_BYTES + "-byte payload limit").toString()));
                return;
            }
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String rawQuery = exchange.getRequestURI().getRawQuery();
            JsonNode event = HttpApiEvents.event(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    rawQuery, headers, query(rawQuery), body, requestId,
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out,
                    new LocalContext(requestId));
            respond(exchange, HttpApiEvents.response(JSON.readTree(out.toByteArray())));
        } catch (RuntimeException e) {
            LOG.error("The local server failed on a request", e);
            respond(exchange, new HttpResponse(500, Answers.error("internal_error", "local server failure").toString()));
        }
    }

    /** The body, or {@code null} when it is over Lambda's payload limit (API Gateway would refuse it). */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(IntakeLimits.LAMBDA_PAYLOAD_BYTES + 1);
        if (body.length > IntakeLimits.LAMBDA_PAYLOAD_BYTES) {
            in.skip(Long.MAX_VALUE);
            return null;
        }
        return body;
    }

    /** Sends the handler's answer as API Gateway would: its status, its headers, its body (decoded if base64). */
    private static void respond(HttpExchange exchange, HttpResponse response) throws IOException {
        byte[] bytes = response.base64Encoded() ? Base64.getDecoder().decode(response.body())
                : response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.merge(key, value, (a, b) -> a + "," + b);
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
