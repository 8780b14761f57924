package io.clothify.function.api;

/** HTTP 415: the content type, or the image's magic bytes, are not JPEG, PNG or WebP. */
public class UnsupportedMediaTypeException extends ApiException {
    public UnsupportedMediaTypeException(String message) {
        this("unsupported_media_type", message, null);
    }

    public UnsupportedMediaTypeException(String code, String message) {
        this(code, message, null);
    }

    public UnsupportedMediaTypeException(String code, String message, Throwable cause) {
        super(415, code, message, cause);
    }
}
