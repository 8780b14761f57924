package io.clothify.function.testing;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Rewrites the dimensions an image's header declares, leaving the pixel data alone: a JPEG's frame header, a PNG's
 * IHDR (with its CRC fixed, so only the size is wrong), every WebP dimension field (VP8X canvas, VP8 frame, VP8L
 * header). For decompression-bomb and mutation tests.
 */
public final class HeaderEdits {
    private HeaderEdits() {}

    public static byte[] withDimensions(byte[] image, int width, int height) {
        byte[] b = Arrays.copyOf(image, image.length);
        if ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            jpeg(b, width, height);
        } else if ((b[0] & 0xFF) == 0x89 && b[1] == 'P') {
            png(b, width, height);
        } else if (b[0] == 'R' && b[8] == 'W') {
            webp(b, width, height);
        } else {
            throw new IllegalArgumentException("Not a JPEG, PNG or WebP");
        }
        return b;
    }

    private static void jpeg(byte[] b, int width, int height) {
        int i = 2;
        while (i + 9 < b.length) {
            int marker = b[i + 1] & 0xFF;
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                b[i + 5] = (byte) (height >> 8);
                b[i + 6] = (byte) height;
                b[i + 7] = (byte) (width >> 8);
                b[i + 8] = (byte) width;
                return;
            }
            i += 2 + length;
        }
        throw new IllegalArgumentException("No JPEG frame header");
    }

    private static void png(byte[] b, int width, int height) {
        putBe32(b, 16, width);
        putBe32(b, 20, height);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 4 + 13);
        putBe32(b, 29, (int) crc.getValue());
    }

    private static void webp(byte[] b, int width, int height) {
        for (int at = 12; at + 8 <= b.length; ) {
            String fourcc = new String(b, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int size = (b[at + 4] & 0xFF) | (b[at + 5] & 0xFF) << 8 | (b[at + 6] & 0xFF) << 16
                    | (b[at + 7] & 0xFF) << 24;
            int p = at + 8;
            switch (fourcc) {
                case "VP8X" -> {
                    putLe(b, p + 4, width - 1, 3);
                    putLe(b, p + 7, height - 1, 3);
                }
                case "VP8 " -> {
                    putLe(b, p + 6, (b[p + 7] & 0xC0) << 8 | width, 2);
                    putLe(b, p + 8, (b[p + 9] & 0xC0) << 8 | height, 2);
                }
                case "VP8L" -> {
                    long bits = (b[p + 1] & 0xFFL) | (b[p + 2] & 0xFFL) << 8 | (b[p + 3] & 0xFFL) << 16
                            | (b[p + 4] & 0xFFL) << 24;
                    bits = (bits & ~0x0FFF_FFFFL) | (width - 1) | (long) (height - 1) << 14;
                    putLe(b, p + 1, (int) bits, 4);
                }
                default -> { }
            }
            at = p + size + (size & 1);
        }
    }

    private static void putBe32(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    private static void putLe(byte[] b, int at, int value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
