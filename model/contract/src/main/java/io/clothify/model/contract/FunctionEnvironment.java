package io.clothify.model.contract;

/**
 * The inference function's environment variables that the stack sets, and the telemetry names both sides use.
 * The function reads them (see the function's {@code FunctionConfig}); the stack (infra's {@code InferenceApi})
 * writes them.
 */
public final class FunctionEnvironment {
    /** A fixed artifact to serve ({@code s3://bucket/key/model.tar.gz} or a local path) instead of the pointer. */
    public static final String MODEL_URI = "MODEL_URI";
    /** The bucket holding the promotion pointer. */
    public static final String MODEL_BUCKET = "MODEL_BUCKET";
    /** The pointer's key in {@link #MODEL_BUCKET}; default {@link ModelStoreLayout#POINTER_KEY}. */
    public static final String MODEL_POINTER_KEY = "MODEL_POINTER_KEY";
    /** Which hosts image URLs may name: unset = any public host, {@code none} = URL intake off. */
    public static final String URL_HOSTS = "URL_HOSTS";
    /** Powertools' service name (the {@code Service} dimension of every metric and a field of every log line). */
    public static final String POWERTOOLS_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
    /** Powertools' CloudWatch metrics namespace. */
    public static final String POWERTOOLS_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";

    /** The telemetry service name, deployed or local. */
    public static final String SERVICE_NAME = "clothify-predict";
    /** The CloudWatch namespace of the function's metrics. */
    public static final String METRICS_NAMESPACE = "Clothify";

    private FunctionEnvironment() {}
}
