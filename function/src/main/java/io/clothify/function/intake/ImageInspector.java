package io.clothify.function.intake;

import io.clothify.function.api.BadRequestException;
import io.clothify.function.api.PayloadTooLargeException;
import io.clothify.function.api.UnprocessableImageException;
import io.clothify.function.api.UnsupportedMediaTypeException;

/**
 * Checks untrusted image bytes before any decoder sees them: the format from its magic bytes, the dimensions from
 * the header (so a 50,000 x 50,000 "decompression bomb" is refused without allocating its pixels), and that the
 * file is complete (a JPEG's end-of-image marker after its frame header, a PNG's IEND chunk, a WebP's chunks
 * inside the size its RIFF header declares).
 */
public final class ImageInspector {
    private static final int PNG_HEADER_BYTES = 8 + 8 + 13;
    private static final int PNG_TAIL_SEARCH = 4096;

    private final long maxPixels;

    public ImageInspector(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be > 0, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /**
     * Reads and checks the header.
     *
     * @throws BadRequestException if there are no bytes
     * @throws UnsupportedMediaTypeException if the bytes are not JPEG, PNG or WebP
     * @throws UnprocessableImageException if the header is malformed or the file is truncated
     * @throws PayloadTooLargeException if the declared pixel count is over the limit
     */
    public ImageHeader inspect(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new BadRequestException("empty_image", "The image is empty (0 bytes)");
        }
        ImageFormat format = ImageFormat.detect(bytes).orElseThrow(() -> unsupported(bytes));
        ImageHeader header = switch (format) {
            case JPEG -> jpeg(bytes);
            case PNG -> png(bytes);
            case WEBP -> WebpHeaderReader.read(bytes);
        };
        if (header.pixels() > maxPixels) {
            throw new PayloadTooLargeException("image_too_large", "The image is " + header.width() + "x"
                    + header.height() + " pixels; the limit is " + maxPixels + " pixels");
        }
        return header;
    }

    private static UnsupportedMediaTypeException unsupported(byte[] bytes) {
        String sent = RefusedFormat.name(bytes).map(name -> "The image is " + name + "; send ")
                .orElse("The bytes are not a known image format; send ");
        return new UnsupportedMediaTypeException(sent + ImageFormat.ACCEPTED
                + " (the format is read from the bytes' signature, not the Content-Type)");
    }

    private static ImageHeader png(byte[] b) {
        if (b.length < PNG_HEADER_BYTES || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new UnprocessableImageException("The PNG has no IHDR header (truncated or corrupt)");
        }
        long width = u32(b, 16);
        long height = u32(b, 20);
        if (width == 0 || height == 0) {
            throw new UnprocessableImageException("The PNG header declares a 0-pixel image");
        }
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new PayloadTooLargeException("image_too_large", "The PNG header declares " + width + "x"
                    + height + " pixels");
        }
        if (!hasPngEnd(b)) {
            throw new UnprocessableImageException("The PNG is truncated: no IEND chunk at its end");
        }
        return new ImageHeader(ImageFormat.PNG, (int) width, (int) height);
    }

    private static boolean hasPngEnd(byte[] b) {
        int from = Math.max(PNG_HEADER_BYTES, b.length - PNG_TAIL_SEARCH);
        for (int i = b.length - 4; i >= from; i--) {
            if (b[i] == 'I' && b[i + 1] == 'E' && b[i + 2] == 'N' && b[i + 3] == 'D') {
                return true;
            }
        }
        return false;
    }

    private static ImageHeader jpeg(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                throw new UnprocessableImageException("The JPEG is corrupt: expected a marker at byte " + i);
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // standalone markers
                i += 2;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw new UnprocessableImageException("The JPEG has no frame header before its image data");
            }
            int length = u16(b, i + 2);
            if (length < 2) {
                throw new UnprocessableImageException("The JPEG is corrupt: bad segment length at byte " + i);
            }
            if (isStartOfFrame(marker)) {
                if (i + 9 > b.length) {
                    break;
                }
                int height = u16(b, i + 5);
                int width = u16(b, i + 7);
                if (width == 0 || height == 0) {
                    throw new UnprocessableImageException("The JPEG header declares a 0-pixel image");
                }
                if (!hasJpegEnd(b, i + 2 + length)) {
                    throw new UnprocessableImageException("The JPEG is truncated: no end-of-image marker");
                }
                return new ImageHeader(ImageFormat.JPEG, width, height);
            }
            i += 2 + length;
        }
        throw new UnprocessableImageException("The JPEG is truncated: no frame header");
    }

    /** Entropy-coded data stuffs every 0xFF, so an EOI after the frame header is the real end of the image. */
    private static boolean hasJpegEnd(byte[] b, int from) {
        for (int i = b.length - 2; i >= from; i--) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static int u16(byte[] b, int at) {
        if (at + 2 > b.length) {
            throw new UnprocessableImageException("The JPEG is truncated inside a segment header");
        }
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8)
                | (b[at + 3] & 0xFF);
    }
}
