package io.clothify.function.api;

/** HTTP 504: fetching the image URL took longer than the connect, read or total timeout. */
public class UpstreamTimeoutException extends ApiException {
    public UpstreamTimeoutException(String message) {
        this("url_fetch_timeout", message, null);
    }

    public UpstreamTimeoutException(String code, String message) {
        this(code, message, null);
    }

    public UpstreamTimeoutException(String code, String message, Throwable cause) {
        super(504, code, message, cause);
    }
}
