package io.clothify.function.intake;

import java.util.Locale;
import java.util.Optional;

/** The image formats the API accepts, recognised by their magic bytes (never by a Content-Type). */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp");

    /** How error messages name the accepted formats. */
    public static final String ACCEPTED = "JPEG, PNG or WebP";

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
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"))) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /** The format a Content-Type names ({@code image/jpg} and {@code image/x-webp} included), if accepted. */
    public static Optional<ImageFormat> ofMediaType(String mediaType) {
        return switch (mediaType.toLowerCase(Locale.ROOT)) {
            case "image/jpeg", "image/jpg", "image/pjpeg" -> Optional.of(JPEG);
            case "image/png", "image/x-png" -> Optional.of(PNG);
            case "image/webp", "image/x-webp" -> Optional.of(WEBP);
            default -> Optional.empty();
        };
    }

    static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (bytes.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
