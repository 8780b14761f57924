package io.clothify.function.telemetry;

import com.amazonaws.services.lambda.runtime.Context;

/** What the handler reports about each request: structured-log context and CloudWatch metrics. */
public interface Telemetry {
    /** Nothing (local server, tests). */
    Telemetry NONE = new Telemetry() {
        @Override
        public void requestStarted(Context context) {}

        @Override
        public void requestFinished(Outcome outcome) {}
    };

    /** Called before a Lambda request is handled (adds request id, cold start, function to every log line). */
    void requestStarted(Context context);

    /** Called once per request, after the answer is ready. */
    void requestFinished(Outcome outcome);

    /**
     * One request's outcome.
     *
     * @param status the HTTP status (direct invocations too)
     * @param errorCode the error code, or {@code null} on success
     * @param modelVersion the version that answered, or {@code null} when no model did
     * @param millis the time spent in the handler
     */
    record Outcome(int status, String errorCode, String modelVersion, double millis) {}
}
