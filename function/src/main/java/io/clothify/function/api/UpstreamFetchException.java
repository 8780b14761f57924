package io.clothify.function.api;

/** HTTP 502: the image URL could not be fetched (unknown host, refused connection, non-2xx answer, too many redirects). */
public class UpstreamFetchException extends ApiException {
    public UpstreamFetchException(String message) {
        this("url_fetch_failed", message, null);
    }

    public UpstreamFetchException(String code, String message) {
        this(code, message, null);
    }

    public UpstreamFetchException(String code, String message, Throwable cause) {
        super(502, code, message, cause);
    }
}
