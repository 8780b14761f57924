package io.clothify.function.api;

/** HTTP 404: no such route (the API has POST /predict and GET /health). */
public class NotFoundException extends ApiException {
    public NotFoundException(String message) {
        this("not_found", message, null);
    }

    public NotFoundException(String code, String message) {
        this(code, message, null);
    }

    public NotFoundException(String code, String message, Throwable cause) {
        super(404, code, message, cause);
    }
}
