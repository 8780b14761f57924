package io.clothify.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Stand-in Step Functions (JSON 1.0), SageMaker (JSON 1.1) and CloudFormation (query/XML) endpoints on 127.0.0.1,
 * answering in the wire formats of AWS's API reference, so the real AWS CLI can run the retrain script against them.
 * Every call is recorded as "Target body" (for CloudFormation "Action body").
 */
final class FakeAwsEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Function<String, String> stateMachine;
    private final Map<String, String> extraOutputs = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param stateMachine answers a Step Functions or SageMaker call: "AWSStepFunctions.StartExecution" to JSON */
    FakeAwsEndpoint(String bucket, String stateMachineArn, Function<String, String> stateMachine) {
        this.stateMachine = stateMachine;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> handle(exchange, bucket, stateMachineArn));
        server.start();
    }

    /** Adds a stack output to the DescribeStacks answer (by default only ModelBucketName and StateMachineArn). */
    void output(String key, String value) {
        extraOutputs.put(key, value);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    /** The JSON body of the first recorded call to {@code target}. */
    JsonNode body(String target) throws IOException {
        for (String call : calls) {
            if (call.startsWith(target + " ")) {
                return JSON.readTree(call.substring(target.length() + 1));
            }
        }
        throw new AssertionError("no " + target + " in " + calls);
    }

    private void handle(HttpExchange exchange, String bucket, String stateMachineArn) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String answer;
        String contentType;
        if (target != null) {
            calls.add(target + " " + body);
            answer = stateMachine.apply(target);
            contentType = target.startsWith("SageMaker.") ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0";
        } else {
            Map<String, String> form = form(body);
            calls.add(form.get("Action") + " " + body);
            answer = describeStacks(bucket, stateMachineArn, extraOutputs);
            contentType = "text/xml";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "fake-request");
        int status = answer.contains("\"__type\"") ? 400 : 200;
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String describeStacks(String bucket, String stateMachineArn, Map<String, String> extra) {
        StringBuilder more = new StringBuilder();
        extra.forEach((key, value) -> more.append("<member><OutputKey>").append(key).append("</OutputKey><OutputValue>")
                .append(value).append("</OutputValue></member>"));
        return """
                <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                  <DescribeStacksResult><Stacks><member>
                    <StackName>Clothify</StackName>
                    <StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/Clothify/1</StackId>
                    <CreationTime>2026-12-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>
                    <Outputs>
                      <member><OutputKey>ModelBucketName</OutputKey><OutputValue>%s</OutputValue></member>
                      <member><OutputKey>StateMachineArn</OutputKey><OutputValue>%s</OutputValue></member>
                      %s
                    </Outputs>
                  </member></Stacks></DescribeStacksResult>
                  <ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>
                </DescribeStacksResponse>""".formatted(bucket, stateMachineArn, more);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
