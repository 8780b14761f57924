package io.clothify.training.augment;

import java.util.Random;

/**
 * Mixup (Zhang et al., 2018) and CutMix (Yun et al., 2019) over one batch of CHW tensors: every image is blended
 * with, or has a box pasted from, the image at the mirrored position of the batch, and the targets are mixed by
 * the same share. The share of the own image is drawn from Beta(alpha, alpha) once per batch. With both alphas
 * positive each batch picks one of the two at random; with both zero nothing changes.
 */
public final class BatchMixer {

    /** How a batch was mixed: image {@code i} keeps {@code share} of its own label, the rest is {@code partners[i]}. */
    public record Mix(int[] partners, float share) {}

    private final double mixupAlpha;
    private final double cutmixAlpha;

    public BatchMixer(double mixupAlpha, double cutmixAlpha) {
        if (!(mixupAlpha >= 0) || !(cutmixAlpha >= 0)) {
            throw new IllegalArgumentException("mixup and cutmix alphas must be >= 0");
        }
        this.mixupAlpha = mixupAlpha;
        this.cutmixAlpha = cutmixAlpha;
    }

    public boolean enabled() {
        return mixupAlpha > 0 || cutmixAlpha > 0;
    }

    /**
     * Mixes {@code size} images of {@code channels x height x width} in {@code images}, in place.
     *
     * @return the partner labels and the share of each image's own label (1 when mixing is off)
     */
    public Mix apply(float[] images, int[] labels, int size, int channels, int height, int width, Random random) {
        int[] partners = new int[size];
        for (int i = 0; i < size; i++) {
            partners[i] = labels[size - 1 - i];
        }
        if (!enabled() || size < 2) {
            return new Mix(partners, 1f);
        }
        boolean cutmix = cutmixAlpha > 0 && (mixupAlpha <= 0 || random.nextBoolean());
        double share = beta(cutmix ? cutmixAlpha : mixupAlpha, random);
        float[] original = images.clone();
        int tensor = channels * height * width;
        if (!cutmix) {
            float own = (float) share;
            for (int i = 0; i < size; i++) {
                int a = i * tensor;
                int b = (size - 1 - i) * tensor;
                for (int k = 0; k < tensor; k++) {
                    images[a + k] = own * original[a + k] + (1 - own) * original[b + k];
                }
            }
            return new Mix(partners, own);
        }
        double cut = Math.sqrt(1 - share);
        int boxW = (int) Math.round(width * cut);
        int boxH = (int) Math.round(height * cut);
        int cx = random.nextInt(width);
        int cy = random.nextInt(height);
        int x0 = Math.max(0, cx - boxW / 2);
        int x1 = Math.min(width, cx + boxW / 2);
        int y0 = Math.max(0, cy - boxH / 2);
        int y1 = Math.min(height, cy + boxH / 2);
        for (int i = 0; i < size; i++) {
            int a = i * tensor;
            int b = (size - 1 - i) * tensor;
            for (int c = 0; c < channels; c++) {
                for (int y = y0; y < y1; y++) {
                    int row = c * height * width + y * width;
                    System.arraycopy(original, b + row + x0, images, a + row + x0, x1 - x0);
                }
            }
        }
        float own = 1f - (float) ((x1 - x0) * (y1 - y0)) / (width * height);
        return new Mix(partners, own);
    }

    /** A Beta(alpha, alpha) sample, as G1 / (G1 + G2) of two Gamma(alpha, 1) samples. */
    static double beta(double alpha, Random random) {
        double g1 = gamma(alpha, random);
        double g2 = gamma(alpha, random);
        return g1 + g2 == 0 ? 0.5 : g1 / (g1 + g2);
    }

    /** Marsaglia and Tsang's Gamma(shape, 1) sampler, boosted for shape < 1. */
    static double gamma(double shape, Random random) {
        if (shape < 1) {
            return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
