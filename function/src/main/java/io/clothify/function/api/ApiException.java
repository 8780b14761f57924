package io.clothify.function.api;

/**
 * A request that cannot be answered with a prediction, for a reason the caller can act on. The handler turns it
 * into an HTTP status and a JSON body {@code {"error": code, "message": message}}. Anything that is not an
 * {@code ApiException} is a bug and becomes a 500.
 */
public abstract class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    protected ApiException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** A stable, machine-readable error code (snake_case). */
    public String code() {
        return code;
    }
}
