package io.clothify.function.api;

/** HTTP 413: the body, the base64 string, the downloaded image or its pixel count is over a limit. */
public class PayloadTooLargeException extends ApiException {
    public PayloadTooLargeException(String message) {
        this("payload_too_large", message, null);
    }

    public PayloadTooLargeException(String code, String message) {
        this(code, message, null);
    }

    public PayloadTooLargeException(String code, String message, Throwable cause) {
        super(413, code, message, cause);
    }
}
