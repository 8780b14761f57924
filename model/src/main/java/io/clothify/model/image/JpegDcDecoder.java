package io.clothify.model.image;

import java.awt.color.CMMException;
import java.awt.color.ColorSpace;
import java.awt.color.ProfileDataException;
import java.io.IOException;

/**
 * Decodes a large baseline JPEG at 1/8 scale, in pure Java, about as fast as the entropy-coded data can be read:
 * each 8x8 block becomes one pixel, its exact mean (the DC coefficient, {@link JpegDcScan}). Subsampled chroma is
 * brought to that grid by linear interpolation between the block means (at 2x, libjpeg's "fancy" 3/4 + 1/4
 * weights), and YCbCr becomes RGB as the general path converts it ({@link JpegYcc}).
 *
 * <p>It handles what {@link JpegHeader} accepts (sequential Huffman, 8-bit, gray or YCbCr per
 * {@link JpegYcc#isYcc}, any sampling factors, restart markers); for anything else, and for any malformed
 * stream, it answers {@code null} and the caller uses the general reader, which decodes the image or reports it
 * corrupt exactly as before. A color JPEG's embedded ICC profile is applied to the small RGB image as the reader
 * applies it ({@link JpegColorProfile}); a gray JPEG's is not applied, by the reader either.
 */
final class JpegDcDecoder {
    /** Each side of the decoded image is the photo's side divided by this, rounded up. */
    static final int SCALE = 8;

    private JpegDcDecoder() {}

    /** The JPEG's header when this decoder handles it, else {@code null}. */
    static JpegHeader header(byte[] bytes) {
        try {
            JpegHeader header = JpegHeader.read(bytes);
            return header.components.length == 3 && !JpegYcc.isYcc(bytes, true) ? null : header;
        } catch (JpegUnsupportedException e) {
            return null;
        }
    }

    /**
     * The photo at 1/8 scale ({@code ceil(width / 8) x ceil(height / 8)}, as stored: no orientation applied), in
     * {@code channels} (1 gray, 3 RGB); {@code null} if the entropy-coded data is malformed or ends early, or if the
     * reader refuses the header of an ICC-tagged JPEG.
     */
    static PixelImage decode(byte[] bytes, JpegHeader header, int channels) {
        ColorSpace profile = null;
        if (header.iccProfile && header.components.length == 3) {
            try {
                profile = JpegColorProfile.of(bytes);
            } catch (IOException | RuntimeException e) {
                return null; // the reader refuses or trips over the header: it decides what becomes of the image
            }
        }
        JpegDcScan.Plane[] planes;
        try {
            planes = JpegDcScan.decode(bytes, header);
        } catch (JpegUnsupportedException e) {
            return null;
        }
        if (profile == null || profile.isCS_sRGB()) {
            return toPixels(planes, header, channels);
        }
        try {
            return JpegColorProfile.toSrgb(toPixels(planes, header, 3), profile, channels);
        } catch (CMMException | ProfileDataException e) {
            return null; // a profile the color management cannot apply: the reader's conversion would fail alike
        }
    }

    /** The planes (each 1/8 of its component's size) on one grid, as gray or as RGB. */
    private static PixelImage toPixels(JpegDcScan.Plane[] planes, JpegHeader header, int channels) {
        int w = (header.width + SCALE - 1) / SCALE;
        int h = (header.height + SCALE - 1) / SCALE;
        byte[][] full = new byte[planes.length][];
        for (int c = 0; c < planes.length; c++) {
            JpegHeader.Component comp = header.components[c];
            full[c] = upsample(planes[c], header.maxH / comp.h(), header.maxV / comp.v(), w, h);
        }
        byte[] out = new byte[w * h * channels];
        for (int i = 0; i < w * h; i++) {
            if (planes.length == 1) {
                for (int ch = 0; ch < channels; ch++) {
                    out[i * channels + ch] = full[0][i];
                }
            } else {
                JpegYcc.write(full[0][i] & 0xFF, full[1][i] & 0xFF, full[2][i] & 0xFF, out, i * channels, channels);
            }
        }
        return new PixelImage(w, h, channels, out);
    }

    /**
     * The plane stretched {@code fx} times across and {@code fy} times down to {@code w x h}: each output sample is
     * interpolated linearly between the plane's samples around its center, the edge samples repeated beyond.
     */
    private static byte[] upsample(JpegDcScan.Plane plane, int fx, int fy, int w, int h) {
        Taps across = Taps.of(fx, w, plane.width());
        Taps down = Taps.of(fy, h, plane.height());
        float[] rows = new float[w * plane.height()];
        for (int y = 0; y < plane.height(); y++) {
            for (int x = 0; x < w; x++) {
                float t = across.weight[x];
                rows[y * w + x] = (1 - t) * plane.sample(across.first[x], y) + t * plane.sample(across.second[x], y);
            }
        }
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            float t = down.weight[y];
            int a = down.first[y] * w;
            int b = down.second[y] * w;
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) Math.round((1 - t) * rows[a + x] + t * rows[b + x]);
            }
        }
        return out;
    }

    /** For each output index: the two input samples around its center and the weight of the second. */
    private record Taps(int[] first, int[] second, float[] weight) {
        static Taps of(int factor, int outSize, int inSize) {
            int[] first = new int[outSize];
            int[] second = new int[outSize];
            float[] weight = new float[outSize];
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) / factor - 0.5;
                int lo = (int) Math.floor(center);
                double t = center - lo;
                first[o] = Math.max(0, Math.min(inSize - 1, lo));
                second[o] = Math.max(0, Math.min(inSize - 1, lo + 1));
                weight[o] = (float) t;
            }
            return new Taps(first, second, weight);
        }
    }
}
