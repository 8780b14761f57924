package io.clothify.function.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clothify.function.FunctionConfig;
import io.clothify.function.Functions;
import io.clothify.function.api.ApiException;
import io.clothify.function.api.BadRequestException;
import io.clothify.function.api.NotFoundException;
import io.clothify.function.page.PageAssets;
import io.clothify.function.telemetry.PowertoolsTelemetry;
import io.clothify.function.telemetry.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda entry point ({@code io.clothify.function.handler.PredictHandler::handleRequest}). It accepts two event
 * shapes and answers both with the same body:
 *
 * <ul>
 *   <li>API Gateway HTTP API (payload 2.0): {@code POST /predict} with JSON {@code {"url"}}, JSON
 *       {@code {"image": base64}} or a raw JPEG/PNG/WebP body; {@code GET /health}; {@code GET /} and its assets, a
 *       page to try the API from a browser. Answers an HTTP API response (status, headers, body).
 *   <li>Direct invocation with {@code {"url": ...}} or {@code {"image": ...}} (the ML Zoomcamp contract): answers
 *       the JSON body itself; an error body also carries {@code "status"}.
 * </ul>
 *
 * <p>The model loads once per container, in the constructor (Lambda's init phase). Caller mistakes become
 * 4xx/502/503/504 with {@code {"error", "message"}}; anything else is a bug, logged with the request id, and 500.
 */
public final class PredictHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PredictHandler.class);

    private final PredictionService service;
    private final Telemetry telemetry;
    private final PageAssets page = PageAssets.bundled();

    /** Used by the Lambda runtime: settings from the environment, Powertools telemetry, model loaded now. */
    public PredictHandler() {
        this(defaultService(), System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null
                ? new PowertoolsTelemetry() : Telemetry.NONE);
        service.models().refreshIfDue();
    }

    public PredictHandler(PredictionService service) {
        this(service, Telemetry.NONE);
    }

    public PredictHandler(PredictionService service, Telemetry telemetry) {
        this.service = Objects.requireNonNull(service, "service");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    }

    private static PredictionService defaultService() {
        Functions.configureEngineThreads();
        return Functions.service(FunctionConfig.fromEnvironment());
    }

    public PredictionService service() {
        return service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String lambdaRequestId = context == null ? UUID.randomUUID().toString() : context.getAwsRequestId();
        telemetry.requestStarted(context);
        JsonNode event;
        try {
            event = Answers.JSON.readTree(input);
        } catch (JsonProcessingException e) {
            event = null;
        }
        JsonNode answer;
        if (event != null && HttpApiEvents.isHttpEvent(event)) {
            answer = HttpApiEvents.toJson(handle(HttpApiEvents.fromJson(event), lambdaRequestId));
        } else {
            answer = handleDirect(event, lambdaRequestId);
        }
        Answers.JSON.writeValue(output, answer);
    }

    /** The typed entry point for HTTP API events (tests, and callers that already hold an event object). */
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String id = context == null ? UUID.randomUUID().toString() : context.getAwsRequestId();
        return HttpApiEvents.toEvent(handle(HttpApiEvents.fromEvent(event), id));
    }

    /** Routes one HTTP request: the page's static files, else the JSON API. */
    public HttpResponse handle(HttpRequest request, String lambdaRequestId) {
        if (request.method().equals("GET")) {
            var asset = page.get(request.path());
            if (asset.isPresent()) {
                return asset.get();
            }
        }
        String requestId = request.requestId().isEmpty() ? lambdaRequestId : request.requestId();
        long started = System.nanoTime();
        try {
            ObjectNode body = route(request);
            record(started, 200, null, body);
            return new HttpResponse(200, body.toString());
        } catch (ApiException e) {
            logRefusal(e, requestId);
            record(started, e.status(), e.code(), null);
            return new HttpResponse(e.status(), Answers.error(e).toString());
        } catch (RuntimeException | Error e) {
            record(started, 500, "internal_error", null);
            return new HttpResponse(500, internalError(e, requestId).toString());
        }
    }

    private void record(long started, int status, String code, ObjectNode body) {
        String version = body == null ? null : body.at("/model/version").asText(null);
        try {
            telemetry.requestFinished(new Telemetry.Outcome(status, code, version, (System.nanoTime() - started) / 1e6));
        } catch (RuntimeException e) {
            LOG.warn("Could not record metrics", e);
        }
    }

    private ObjectNode route(HttpRequest request) {
        String path = request.path();
        if (path.endsWith("/predict")) {
            if (!request.method().equals("POST")) {
                throw new NotFoundException("method_not_allowed", "Use POST " + path);
            }
            return service.predict(service.parser().parse(request));
        }
        if (path.endsWith("/health") && request.method().equals("GET")) {
            return service.health();
        }
        throw new NotFoundException("No route " + request.method() + " " + path
                + ": use POST /predict, GET /health, or GET / for the page");
    }

    private ObjectNode handleDirect(JsonNode event, String requestId) {
        long started = System.nanoTime();
        try {
            if (event == null) {
                throw new BadRequestException("bad_json", "The event is not valid JSON");
            }
            ObjectNode answer = service.predict(service.parser().parseJson(event));
            record(started, 200, null, answer);
            return answer;
        } catch (ApiException e) {
            logRefusal(e, requestId);
            record(started, e.status(), e.code(), null);
            return Answers.error(e).put("status", e.status());
        } catch (RuntimeException | Error e) {
            record(started, 500, "internal_error", null);
            return internalError(e, requestId).put("status", 500);
        }
    }

    private static void logRefusal(ApiException e, String requestId) {
        LOG.info("Refused request {}: {} {} ({})", requestId, e.status(), e.code(), e.getMessage());
    }

    private static ObjectNode internalError(Throwable e, String requestId) {
        LOG.error("Internal error in request {}", requestId, e);
        return Answers.error("internal_error", "An internal error occurred; request id " + requestId);
    }
}
