package io.clothify.function.api;

/** HTTP 503: no model is loaded yet (none configured, or the configured artifact could not be loaded). */
public class ModelUnavailableException extends ApiException {
    public ModelUnavailableException(String message) {
        this("model_unavailable", message, null);
    }

    public ModelUnavailableException(String code, String message) {
        this(code, message, null);
    }

    public ModelUnavailableException(String code, String message, Throwable cause) {
        super(503, code, message, cause);
    }
}
