package io.clothify.function.intake;

import java.util.Optional;

/** The image formats the API accepts, recognised by their magic bytes (never by a Content-Type). */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format whose signature starts {@code bytes}, if any. */
    public static Optional<ImageFormat> detect(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (bytes.length >= PNG_SIGNATURE.length) {
            for (int i = 0; i < PNG_SIGNATURE.length; i++) {
                if (bytes[i] != PNG_SIGNATURE[i]) {
                    return Optional.empty();
                }
            }
            return Optional.of(PNG);
        }
        return Optional.empty();
    }
}
