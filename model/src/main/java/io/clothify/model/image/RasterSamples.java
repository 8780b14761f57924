package io.clothify.model.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Turns a decoded {@link BufferedImage} into 8-bit gray or sRGB samples by reading its raster, never through
 * {@code BufferedImage.getRGB}: Java's gray color space is linear, so {@code getRGB} brightens every gray sample.
 *
 * <ul>
 *   <li>gray (1-16 bits): the stored samples, scaled to 0..255 with rounding; a gray ICC profile is not applied;
 *   <li>palette: the palette's entries (its alpha from {@code tRNS});
 *   <li>sRGB: the stored samples; any other color space (an embedded RGB ICC profile, CMYK already converted
 *       by the reader) is converted to sRGB with {@link ColorConvertOp} (perceptual intent of the profile);
 *   <li>alpha: composited onto white, {@code out = c * a + 255 * (1 - a)}, on straight (not premultiplied) values;
 *   <li>one output channel from color: {@code round(0.299 R + 0.587 G + 0.114 B)}.
 * </ul>
 */
final class RasterSamples {
    private RasterSamples() {}

    static PixelImage toPixels(BufferedImage image, int channels) {
        ColorModel cm = image.getColorModel();
        if (cm instanceof IndexColorModel palette) {
            return fromPalette(image.getRaster(), palette, channels);
        }
        if (cm.isAlphaPremultiplied()) {
            image.coerceData(false);
            cm = image.getColorModel();
        }
        ColorSpace cs = cm.getColorSpace();
        if (cs.getType() == ColorSpace.TYPE_GRAY) {
            return fromBands(image.getRaster(), cm, 1, channels);
        }
        if (!cs.isCS_sRGB()) {
            BufferedImage srgb = new BufferedImage(image.getWidth(), image.getHeight(),
                    cm.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(null).filter(image, srgb);
            return fromBands(srgb.getRaster(), srgb.getColorModel(), 3, channels);
        }
        return fromBands(image.getRaster(), cm, 3, channels);
    }

    /** Color bands first, then alpha if the model has it (the band order of Java's component and packed models). */
    private static PixelImage fromBands(Raster raster, ColorModel cm, int colors, int channels) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        boolean alpha = cm.hasAlpha();
        int bands = colors + (alpha ? 1 : 0);
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1 << cm.getComponentSize(b)) - 1;
        }
        int[][] rows = new int[bands][w];
        int[] value = new int[3];
        byte[] out = new byte[w * h * channels];
        ByteLayout bytes = ByteLayout.of(raster, cm);
        for (int y = 0; y < h; y++) {
            for (int b = 0; b < bands; b++) {
                if (bytes != null) {
                    bytes.row(y, b, rows[b]);
                } else {
                    raster.getSamples(0, y, w, 1, b, rows[b]);
                }
            }
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < colors; b++) {
                    value[b] = alpha ? onWhite(rows[b][x], max[b], rows[colors][x], max[colors])
                            : to8Bit(rows[b][x], max[b]);
                }
                write(value, colors, out, (y * w + x) * channels, channels);
            }
        }
        return new PixelImage(w, h, channels, out);
    }

    /** Direct access to 8-bit interleaved samples (what JPEG and most PNG readers give), much faster than getSamples. */
    private record ByteLayout(byte[] data, int pixelStride, int scanlineStride, int[] offsets) {
        static ByteLayout of(Raster raster, ColorModel cm) {
            if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                    || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                    || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
                return null;
            }
            for (int size : cm.getComponentSize()) {
                if (size != 8) {
                    return null;
                }
            }
            int[] offsets = sm.getBandOffsets().clone();
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] += buffer.getOffset();
            }
            return new ByteLayout(buffer.getData(), sm.getPixelStride(), sm.getScanlineStride(), offsets);
        }

        void row(int y, int band, int[] into) {
            for (int x = 0, i = y * scanlineStride + offsets[band]; x < into.length; x++, i += pixelStride) {
                into[x] = data[i] & 0xFF;
            }
        }
    }

    private static PixelImage fromPalette(Raster raster, IndexColorModel palette, int channels) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] indices = new int[w];
        int[] value = new int[3];
        byte[] out = new byte[w * h * channels];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, indices);
            for (int x = 0; x < w; x++) {
                int i = indices[x];
                int a = palette.getAlpha(i);
                value[0] = onWhite(palette.getRed(i), 255, a, 255);
                value[1] = onWhite(palette.getGreen(i), 255, a, 255);
                value[2] = onWhite(palette.getBlue(i), 255, a, 255);
                write(value, 3, out, (y * w + x) * channels, channels);
            }
        }
        return new PixelImage(w, h, channels, out);
    }

    private static void write(int[] value, int colors, byte[] out, int at, int channels) {
        if (channels == 1) {
            out[at] = (byte) (colors == 1 ? value[0]
                    : Math.round(0.299f * value[0] + 0.587f * value[1] + 0.114f * value[2]));
        } else if (colors == 1) {
            out[at] = out[at + 1] = out[at + 2] = (byte) value[0];
        } else {
            out[at] = (byte) value[0];
            out[at + 1] = (byte) value[1];
            out[at + 2] = (byte) value[2];
        }
    }

    private static int to8Bit(int v, int max) {
        return max == 255 ? v : (int) ((v * 255L + max / 2) / max);
    }

    private static int onWhite(int v, int max, int a, int alphaMax) {
        if (a == alphaMax) {
            return to8Bit(v, max);
        }
        double coverage = (double) a / alphaMax;
        return (int) Math.round(255 * ((double) v / max * coverage + (1 - coverage)));
    }
}
