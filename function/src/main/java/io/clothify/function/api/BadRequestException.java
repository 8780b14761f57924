package io.clothify.function.api;

/** HTTP 400: the request is malformed (bad JSON, no image, a bad field, an empty image) or names a URL that is not allowed (scheme, private address). */
public class BadRequestException extends ApiException {
    public BadRequestException(String message) {
        this("bad_request", message, null);
    }

    public BadRequestException(String code, String message) {
        this(code, message, null);
    }

    public BadRequestException(String code, String message, Throwable cause) {
        super(400, code, message, cause);
    }
}
