package io.clothify.model.image;

import java.awt.image.Raster;

/**
 * A fast path for large plain YCbCr JPEGs: the reader returns the subsampled Y, Cb, Cr samples
 * ({@code readRaster}), so libjpeg skips converting every pixel of the full photo, and only the kept pixels are
 * converted here, with libjpeg's own fixed-point arithmetic ({@code jdcolor.c}), so the result is the same as the
 * reader's converted image.
 */
final class JpegYcc {
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private JpegYcc() {}

    private static int fix(double x) {
        return (int) (x * (1L << SCALE_BITS) + 0.5);
    }

    /**
     * Whether the JPEG surely holds three YCbCr components and no ICC profile: {@link #isYcc} without an APP2
     * {@code ICC_PROFILE} segment. Anything else takes the reader's general path.
     */
    static boolean isPlainYcc(byte[] b) {
        return isYcc(b, false);
    }

    /**
     * Whether the JPEG surely holds three YCbCr components: a JFIF marker or an Adobe marker with transform 1, or
     * neither and component ids 1, 2, 3 with subsampled chroma (a phone's Exif JPEG); when {@code iccAllowed} is
     * false, also no ICC profile.
     */
    static boolean isYcc(byte[] b, boolean iccAllowed) {
        boolean jfif = false;
        int adobeTransform = -1;
        int i = 2;
        while (i + 4 <= b.length && (b[i] & 0xFF) == 0xFF) {
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            int data = i + 4;
            if (marker == 0xE0 && startsWith(b, data, "JFIF\0")) {
                jfif = true;
            } else if (!iccAllowed && marker == 0xE2 && startsWith(b, data, "ICC_PROFILE\0")) {
                return false;
            } else if (marker == 0xEE && startsWith(b, data, "Adobe") && data + 11 < b.length) {
                adobeTransform = b[data + 11] & 0xFF;
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                if (data + 6 + 3 * 3 > b.length || (b[data + 5] & 0xFF) != 3) {
                    return false;
                }
                if (jfif || adobeTransform >= 0) {
                    return adobeTransform != 0;
                }
                // no marker: ids 1, 2, 3 and subsampled chroma, where libjpeg and the JDK's guesses agree
                boolean ids = b[data + 6] == 1 && b[data + 9] == 2 && b[data + 12] == 3;
                int luma = b[data + 7] & 0xFF;
                return ids && ((b[data + 10] & 0xFF) != luma || (b[data + 13] & 0xFF) != luma);
            } else if (marker == 0xDA || marker == 0xD9) {
                return false;
            }
            i += 2 + length;
        }
        return false;
    }

    static boolean startsWith(byte[] b, int at, String text) {
        if (at + text.length() > b.length) {
            return false;
        }
        for (int k = 0; k < text.length(); k++) {
            if (b[at + k] != text.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Y, Cb, Cr samples (three 8-bit bands) to RGB, or to gray as {@link RasterSamples} makes it. */
    static PixelImage toPixels(Raster ycc, int channels) {
        int w = ycc.getWidth();
        int h = ycc.getHeight();
        int[] y = new int[w];
        int[] cb = new int[w];
        int[] cr = new int[w];
        byte[] out = new byte[w * h * channels];
        for (int row = 0; row < h; row++) {
            ycc.getSamples(0, row, w, 1, 0, y);
            ycc.getSamples(0, row, w, 1, 1, cb);
            ycc.getSamples(0, row, w, 1, 2, cr);
            for (int x = 0; x < w; x++) {
                write(y[x], cb[x], cr[x], out, (row * w + x) * channels, channels);
            }
        }
        return new PixelImage(w, h, channels, out);
    }

    /** One pixel's Y, Cb, Cr (0..255) as RGB, or as gray, into {@code out} at {@code at}. */
    static void write(int y, int cb, int cr, byte[] out, int at, int channels) {
        int r = clamp(y + CR_R[cr]);
        int g = clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
        int b = clamp(y + CB_B[cb]);
        if (channels == 1) {
            out[at] = (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
        } else {
            out[at] = (byte) r;
            out[at + 1] = (byte) g;
            out[at + 2] = (byte) b;
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }
}
