package io.clothify.function.intake;

import io.clothify.function.api.UnprocessableImageException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a WebP file's dimensions from its RIFF container without decoding it: the canvas of an extended file
 * ({@code VP8X}), else the frame header of its lossy ({@code VP8 }) or lossless ({@code VP8L}) bitstream. Every
 * chunk it reads must lie inside the file and inside the size the RIFF header declares, so a truncated file is
 * refused here (422), like a JPEG without its end-of-image marker.
 *
 * @see <a href="https://developers.google.com/speed/webp/docs/riff_container">WebP container specification</a>
 */
final class WebpHeaderReader {
    private static final int RIFF_HEADER = 12;
    private static final int CHUNK_HEADER = 8;
    private static final int VP8X_ANIMATION = 0x02;

    private WebpHeaderReader() {}

    static ImageHeader read(byte[] b) {
        if (b.length < RIFF_HEADER + CHUNK_HEADER) {
            throw truncated("the file ends inside its RIFF header");
        }
        long riffSize = u32(b, 4);
        if (riffSize < 4 + CHUNK_HEADER) {
            throw corrupt("its RIFF header declares " + riffSize + " bytes");
        }
        if (riffSize + 8 > b.length) {
            throw truncated("its RIFF header declares " + (riffSize + 8) + " bytes, " + b.length + " arrived");
        }
        int end = (int) (riffSize + 8);
        Chunk first = Chunk.at(b, RIFF_HEADER, end);
        return switch (first.fourcc()) {
            case "VP8 " -> vp8(b, first);
            case "VP8L" -> vp8l(b, first);
            case "VP8X" -> extended(b, first, end);
            default -> throw corrupt("its first chunk is '" + first.printableFourcc() + "', not VP8, VP8L or VP8X");
        };
    }

    /** A lossy key frame: tag (3 bytes, bit 0 clear), start code 9d 01 2a, then 14-bit width and height. */
    private static ImageHeader vp8(byte[] b, Chunk chunk) {
        int p = chunk.payload();
        if (chunk.size() < 10) {
            throw corrupt("its VP8 chunk is " + chunk.size() + " bytes, too short for a frame header");
        }
        if ((b[p] & 0x01) != 0) {
            throw corrupt("its VP8 bitstream does not start with a key frame");
        }
        if ((b[p + 3] & 0xFF) != 0x9D || (b[p + 4] & 0xFF) != 0x01 || (b[p + 5] & 0xFF) != 0x2A) {
            throw corrupt("its VP8 frame has no start code");
        }
        return header(u16(b, p + 6) & 0x3FFF, u16(b, p + 8) & 0x3FFF, "VP8");
    }

    /** A lossless bitstream: signature 0x2f, then 14 bits width-1, 14 bits height-1, 1 alpha bit, 3 version bits. */
    private static ImageHeader vp8l(byte[] b, Chunk chunk) {
        int p = chunk.payload();
        if (chunk.size() < 5) {
            throw corrupt("its VP8L chunk is " + chunk.size() + " bytes, too short for a header");
        }
        if ((b[p] & 0xFF) != 0x2F) {
            throw corrupt("its VP8L bitstream has no signature byte");
        }
        long bits = u32(b, p + 1);
        if ((bits >>> 29) != 0) {
            throw corrupt("its VP8L bitstream has version " + (bits >>> 29) + ", not 0");
        }
        return header((int) (bits & 0x3FFF) + 1, (int) ((bits >>> 14) & 0x3FFF) + 1, "VP8L");
    }

    /**
     * An extended file: the VP8X canvas size, checked against what follows. A still image must hold a VP8/VP8L
     * bitstream of exactly the canvas size; an animation must hold frames (ANMF) that fit inside the canvas.
     */
    private static ImageHeader extended(byte[] b, Chunk vp8x, int end) {
        if (vp8x.size() < 10) {
            throw corrupt("its VP8X chunk is " + vp8x.size() + " bytes, not 10");
        }
        int p = vp8x.payload();
        boolean animated = (b[p] & VP8X_ANIMATION) != 0;
        ImageHeader canvas = header(u24(b, p + 4) + 1, u24(b, p + 7) + 1, "VP8X");
        int frames = 0;
        for (int at = vp8x.next(); at < end; ) {
            Chunk chunk = Chunk.at(b, at, end);
            switch (chunk.fourcc()) {
                case "VP8 ", "VP8L" -> {
                    if (animated) {
                        throw corrupt("an animation holds a bare " + chunk.fourcc().trim() + " bitstream");
                    }
                    ImageHeader image = chunk.fourcc().equals("VP8L") ? vp8l(b, chunk) : vp8(b, chunk);
                    if (image.width() != canvas.width() || image.height() != canvas.height()) {
                        throw corrupt("its canvas is " + canvas.width() + "x" + canvas.height() + " but its image is "
                                + image.width() + "x" + image.height());
                    }
                    return canvas;
                }
                case "ANMF" -> {
                    checkFrame(b, chunk, canvas);
                    frames++;
                }
                default -> { } // ICCP, ANIM, ALPH, EXIF, XMP and unknown chunks carry no dimensions
            }
            at = chunk.next();
        }
        if (animated && frames > 0) {
            return canvas;
        }
        throw corrupt(animated ? "its animation has no frames" : "it has no VP8 or VP8L image data");
    }

    private static void checkFrame(byte[] b, Chunk frame, ImageHeader canvas) {
        if (frame.size() < 16) {
            throw corrupt("an ANMF chunk is " + frame.size() + " bytes, too short for a frame header");
        }
        int p = frame.payload();
        long right = 2L * u24(b, p) + u24(b, p + 6) + 1;
        long bottom = 2L * u24(b, p + 3) + u24(b, p + 9) + 1;
        if (right > canvas.width() || bottom > canvas.height()) {
            throw corrupt("an animation frame reaches " + right + "x" + bottom + ", outside its "
                    + canvas.width() + "x" + canvas.height() + " canvas");
        }
    }

    private static ImageHeader header(int width, int height, String chunk) {
        if (width == 0 || height == 0) {
            throw corrupt("its " + chunk + " header declares a 0-pixel image");
        }
        return new ImageHeader(ImageFormat.WEBP, width, height);
    }

    /** A chunk whose header and declared payload both lie before {@code end}. */
    private record Chunk(String fourcc, int payload, int size) {
        static Chunk at(byte[] b, int at, int end) {
            if (at + CHUNK_HEADER > end) {
                throw truncated("it ends inside a chunk header at byte " + at);
            }
            String fourcc = new String(b, at, 4, StandardCharsets.ISO_8859_1);
            long size = u32(b, at + 4);
            if (size > end - at - CHUNK_HEADER) {
                throw truncated("its '" + printable(fourcc) + "' chunk declares " + size + " bytes, "
                        + (end - at - CHUNK_HEADER) + " remain");
            }
            return new Chunk(fourcc, at + CHUNK_HEADER, (int) size);
        }

        /** Where the next chunk starts: payloads are padded to an even length. */
        int next() {
            return payload + size + (size & 1);
        }

        String printableFourcc() {
            return printable(fourcc);
        }

        private static String printable(String fourcc) {
            return fourcc.replaceAll("[^ -~]", "?");
        }
    }

    private static UnprocessableImageException truncated(String why) {
        return new UnprocessableImageException("The WebP is truncated: " + why);
    }

    private static UnprocessableImageException corrupt(String why) {
        return new UnprocessableImageException("The WebP is corrupt: " + why);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
    }

    private static int u24(byte[] b, int at) {
        return u16(b, at) | ((b[at + 2] & 0xFF) << 16);
    }

    private static long u32(byte[] b, int at) {
        return u24(b, at) | ((long) (b[at + 3] & 0xFF) << 24);
    }
}
