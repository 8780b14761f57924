package io.clothify.model.image;

import java.util.Arrays;

/**
 * Separable resampling with a triangle (bilinear) filter widened by the scale factor when shrinking, so a
 * large photo shrunk to 128 px is averaged rather than aliased (the same idea as PIL's antialiased resize).
 */
public final class Resampler {
    private Resampler() {}

    public static PixelImage resize(PixelImage src, int width, int height) {
        if (src.width() == width && src.height() == height) {
            return src;
        }
        int c = src.channels();
        int srcWidth = src.width();
        byte[] px = src.pixels();
        float[] horizontal = new float[width * src.height() * c];
        Kernel kx = Kernel.of(srcWidth, width);
        for (int y = 0; y < src.height(); y++) {
            int row = y * srcWidth * c;
            for (int x = 0; x < width; x++) {
                int first = row + kx.start[x] * c;
                float[] weights = kx.weights[x];
                int at = (y * width + x) * c;
                if (c == 3) { // the three sums of the loop below, in one pass over the taps
                    float r = 0;
                    float g = 0;
                    float b = 0;
                    for (int k = 0, i = first; k < weights.length; k++, i += 3) {
                        float w = weights[k];
                        r += w * (px[i] & 0xFF);
                        g += w * (px[i + 1] & 0xFF);
                        b += w * (px[i + 2] & 0xFF);
                    }
                    horizontal[at] = r;
                    horizontal[at + 1] = g;
                    horizontal[at + 2] = b;
                    continue;
                }
                for (int ch = 0; ch < c; ch++) {
                    float acc = 0;
                    for (int k = 0, i = first + ch; k < weights.length; k++, i += c) {
                        acc += weights[k] * (px[i] & 0xFF);
                    }
                    horizontal[at + ch] = acc;
                }
            }
        }
        byte[] out = new byte[width * height * c];
        Kernel ky = Kernel.of(src.height(), height);
        int stride = width * c;
        float[] acc = new float[stride];
        for (int y = 0; y < height; y++) {
            int first = ky.start[y] * stride;
            float[] weights = ky.weights[y];
            Arrays.fill(acc, 0f);
            for (int k = 0; k < weights.length; k++) { // row by row: the same sums, in the same order, as per pixel
                float w = weights[k];
                int from = first + k * stride;
                for (int i = 0; i < stride; i++) {
                    acc[i] += w * horizontal[from + i];
                }
            }
            int to = y * stride;
            for (int i = 0; i < stride; i++) {
                out[to + i] = (byte) Math.max(0, Math.min(255, Math.round(acc[i])));
            }
        }
        return new PixelImage(width, height, c, out);
    }

    /** For each output index: the first input index and the normalized weights of the inputs it covers. */
    private record Kernel(int[] start, float[][] weights) {
        static Kernel of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double support = Math.max(1.0, scale);
            int[] start = new int[outSize];
            float[][] weights = new float[outSize][];
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(inSize - 1, (int) Math.ceil(center + support));
                float[] w = new float[hi - lo + 1];
                double sum = 0;
                for (int i = lo; i <= hi; i++) {
                    double distance = Math.abs(i + 0.5 - center) / support;
                    double weight = Math.max(0, 1 - distance);
                    w[i - lo] = (float) weight;
                    sum += weight;
                }
                if (sum == 0) {
                    int nearest = Math.min(inSize - 1, (int) center);
                    start[o] = nearest;
                    weights[o] = new float[] {1f};
                    continue;
                }
                for (int i = 0; i < w.length; i++) {
                    w[i] /= (float) sum;
                }
                start[o] = lo;
                weights[o] = w;
            }
            return new Kernel(start, weights);
        }
    }
}
