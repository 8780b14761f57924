package io.clothify.function.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Lambda Runtime API (2018-06-01) on 127.0.0.1: hands out queued events on
 * {@code /runtime/invocation/next} and records what the runtime client posts to {@code /response} and
 * {@code /error} (and {@code /runtime/init/error}).
 */
public final class RuntimeApiServer implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<String>> responses = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();

    public RuntimeApiServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0),
                    8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event; the returned future completes with the body the runtime posts back (or its error). */
    public CompletableFuture<String> invoke(String requestId, String event) {
        CompletableFuture<String> response = new CompletableFuture<>();
        responses.put(requestId, response);
        events.add(new String[] {requestId, event});
        return response;
    }

    public CompletableFuture<String> initError() {
        return initError;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("invocation/next")) {
                String[] event;
                try {
                    event = events.poll(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (event == null) {
                    return;
                }
                var headers = exchange.getResponseHeaders();
                // The client's native code builds a std::string from the Content-Type: without one it crashes.
                headers.add("Content-Type", "application/json");
                headers.add("Lambda-Runtime-Aws-Request-Id", event[0]);
                headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
                headers.add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:eu-west-1:123456789012:function:clothify");
                headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                send(exchange, 200, event[1].getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("init/error")) {
                initError.complete(new String(body, StandardCharsets.UTF_8));
                send(exchange, 202, "{}".getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                CompletableFuture<String> response = responses.get(parts[1]);
                String text = new String(body, StandardCharsets.UTF_8);
                if (response != null) {
                    if (parts[2].equals("response")) {
                        response.complete(text);
                    } else {
                        response.completeExceptionally(new IllegalStateException("runtime error: " + text));
                    }
                }
                send(exchange, 202, "{}".getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, new byte[0]);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().putIfAbsent("Content-Type", java.util.List.of("application/json"));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
