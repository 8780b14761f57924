package io.clothify.model.image;

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
        float[] horizontal = new float[width * src.height() * c];
        Kernel kx = Kernel.of(src.width(), width);
        for (int y = 0; y < src.height(); y++) {
            for (int x = 0; x < width; x++) {
                int start = kx.start[x];
                float[] weights = kx.weights[x];
                for (int ch = 0; ch < c; ch++) {
                    float acc = 0;
                    for (int k = 0; k < weights.length; k++) {
                        acc += weights[k] * src.sample(start + k, y, ch);
                    }
                    horizontal[(y * width + x) * c + ch] = acc;
                }
            }
        }
        byte[] out = new byte[width * height * c];
        Kernel ky = Kernel.of(src.height(), height);
        for (int y = 0; y < height; y++) {
            int start = ky.start[y];
            float[] weights = ky.weights[y];
            for (int x = 0; x < width; x++) {
                for (int ch = 0; ch < c; ch++) {
                    float acc = 0;
                    for (int k = 0; k < weights.length; k++) {
                        acc += weights[k] * horizontal[((start + k) * width + x) * c + ch];
                    }
                    out[(y * width + x) * c + ch] = (byte) Math.max(0, Math.min(255, Math.round(acc)));
                }
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
