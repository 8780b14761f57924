package io.clothify.function.intake;

import java.util.Optional;

/**
 * Names image (and a few non-image) formats the API does not accept, from their magic bytes, so that a 415 can
 * say what was sent as well as what is accepted.
 */
final class RefusedFormat {
    /** The sizes of a BMP's info header (byte 14), which tell a bitmap from text that starts with "BM". */
    private static final java.util.Set<Integer> BMP_INFO_SIZES = java.util.Set.of(12, 40, 52, 56, 64, 108, 124);

    private RefusedFormat() {}

    /** A human name for the format of {@code b}, when it is one this class knows. */
    static Optional<String> name(byte[] b) {
        if (starts(b, 0, "GIF87a") || starts(b, 0, "GIF89a")) {
            return Optional.of("GIF");
        }
        if (starts(b, 0, "BM") && b.length >= 18 && BMP_INFO_SIZES.contains(b[14] & 0xFF) && b[15] == 0) {
            return Optional.of("BMP");
        }
        if (starts(b, 0, "II*\0") || starts(b, 0, "MM\0*") || starts(b, 0, "II+\0") || starts(b, 0, "MM\0+")) {
            return Optional.of("TIFF");
        }
        if (starts(b, 4, "ftyp") && b.length >= 12) {
            return Optional.of(isoBrand(new String(b, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1)));
        }
        if (starts(b, 0, "\0\0\0\u000CjP  \r\n") || starts(b, 0, "\u00FF\u004F\u00FF\u0051")) {
            return Optional.of("JPEG 2000");
        }
        if (starts(b, 0, "\u00FF\n") || starts(b, 0, "\0\0\0\u000CJXL ")) {
            return Optional.of("JPEG XL");
        }
        if (starts(b, 0, "RIFF")) {
            return Optional.of("a RIFF file that is not WebP");
        }
        if (starts(b, 0, "\0\0\1\0") || starts(b, 0, "\0\0\2\0")) {
            return Optional.of("ICO");
        }
        if (starts(b, 0, "8BPS")) {
            return Optional.of("Photoshop (PSD)");
        }
        if (starts(b, 0, "%PDF")) {
            return Optional.of("PDF");
        }
        if (starts(b, 0, "qoif")) {
            return Optional.of("QOI");
        }
        return text(b);
    }

    /** ISO base media files (HEIF, AVIF, MP4) carry their kind as the major brand of the leading ftyp box. */
    private static String isoBrand(String brand) {
        return switch (brand) {
            case "heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs" -> "HEIC";
            case "mif1", "msf1" -> "HEIF";
            case "avif", "avis" -> "AVIF";
            default -> "an ISO media file (brand '" + brand.replaceAll("[^ -~]", "?") + "')";
        };
    }

    private static Optional<String> text(byte[] b) {
        int i = 0;
        if (starts(b, 0, "\u00EF\u00BB\u00BF")) {
            i = 3;
        }
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        if (i < b.length && b[i] == '<') {
            String head = new String(b, i, Math.min(256, b.length - i), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .toLowerCase(java.util.Locale.ROOT);
            return Optional.of(head.contains("<svg") ? "SVG" : head.startsWith("<!doctype html")
                    || head.startsWith("<html") ? "HTML" : "XML or HTML");
        }
        if (i < b.length && (b[i] == '{' || b[i] == '[')) {
            return Optional.of("JSON or other text");
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] b, int at, String latin1) {
        return ImageFormat.startsWith(b, at, latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
