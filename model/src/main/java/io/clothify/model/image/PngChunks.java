package io.clothify.model.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Filters a PNG's chunks before any reader sees them. Text chunks ({@code tEXt}, {@code zTXt}, {@code iTXt}) never
 * change pixels, but both the JDK's PNG reader and metadata-extractor inflate compressed ones without a size limit:
 * a few megabytes of {@code zTXt} can expand to gigabytes. So they are dropped before decoding, and the EXIF reader
 * sees only the chunks it needs.
 */
final class PngChunks {
    static final Set<String> TEXT = Set.of("tEXt", "zTXt", "iTXt");
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngChunks() {}

    static boolean isPng(byte[] bytes) {
        return bytes.length >= SIGNATURE.length && ByteBuffer.wrap(bytes, 0, SIGNATURE.length)
                .equals(ByteBuffer.wrap(SIGNATURE));
    }

    /** The PNG without the chunks whose type is in {@code drop}; a malformed chunk list is returned unchanged. */
    static byte[] without(byte[] png, Set<String> drop) {
        return filter(png, type -> !drop.contains(type));
    }

    /** The PNG with only the chunks whose type is in {@code keep}; a malformed chunk list is returned unchanged. */
    static byte[] only(byte[] png, Set<String> keep) {
        return filter(png, keep::contains);
    }

    private static byte[] filter(byte[] png, java.util.function.Predicate<String> kept) {
        if (!isPng(png)) {
            return png;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
        out.write(png, 0, SIGNATURE.length);
        int at = SIGNATURE.length;
        while (at + 12 <= png.length) {
            long length = ByteBuffer.wrap(png, at, 4).getInt() & 0xFFFFFFFFL;
            long end = at + 12 + length;
            if (end > png.length) {
                return png; // truncated or garbled: let the reader report it as before
            }
            String type = new String(png, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (kept.test(type)) {
                out.write(png, at, (int) (end - at));
            }
            at = (int) end;
        }
        if (at != png.length) {
            return png;
        }
        return out.toByteArray();
    }
}
