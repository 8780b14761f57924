package io.clothify.model.image;

/** Thrown when bytes are not a decodable JPEG or PNG image (empty, truncated, another format). */
public class ImageDecodeException extends RuntimeException {
    public ImageDecodeException(String message) {
        super(message);
    }

    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
