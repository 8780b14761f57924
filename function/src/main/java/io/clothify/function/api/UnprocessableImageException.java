package io.clothify.function.api;

/** HTTP 422: the bytes look like a JPEG, PNG or WebP but cannot be decoded (truncated, corrupt). */
public class UnprocessableImageException extends ApiException {
    public UnprocessableImageException(String message) {
        this("invalid_image", message, null);
    }

    public UnprocessableImageException(String code, String message) {
        this(code, message, null);
    }

    public UnprocessableImageException(String code, String message, Throwable cause) {
        super(422, code, message, cause);
    }
}
