package io.clothify.training.augment;

import io.clothify.model.image.PixelImage;
import java.util.Random;

/**
 * Random brightness, contrast and saturation, each scaled by a factor drawn uniformly from
 * {@code [1 - STRENGTH, 1 + STRENGTH]} (torchvision's {@code ColorJitter} semantics: contrast blends with the
 * image's mean gray level, saturation with each pixel's own gray level). Gray images get brightness and contrast.
 * Works in place on 8-bit samples and clamps to 0..255 once, at the end (torchvision clamps after each step).
 */
final class ColorJitter {
    static final double STRENGTH = 0.3;

    private ColorJitter() {
    }

    static void apply(PixelImage img, Random random) {
        double brightness = factor(random);
        double contrast = factor(random);
        double saturation = img.channels() == 3 ? factor(random) : 1;
        byte[] px = img.pixels();
        int c = img.channels();
        double meanGray = 0;
        for (int i = 0; i < px.length; i += c) {
            meanGray += gray(px, i, c);
        }
        meanGray = meanGray * brightness / (px.length / c);
        for (int i = 0; i < px.length; i += c) {
            double pixelGray = gray(px, i, c) * brightness;
            double blendedGray = contrast * pixelGray + (1 - contrast) * meanGray;
            for (int ch = 0; ch < c; ch++) {
                double v = (px[i + ch] & 0xFF) * brightness;
                v = contrast * v + (1 - contrast) * meanGray;
                v = saturation * v + (1 - saturation) * blendedGray;
                px[i + ch] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
    }

    private static double factor(Random random) {
        return 1 - STRENGTH + random.nextDouble() * 2 * STRENGTH;
    }

    /** ITU-R 601 luma, as torchvision's rgb_to_grayscale. */
    private static double gray(byte[] px, int at, int channels) {
        if (channels == 1) {
            return px[at] & 0xFF;
        }
        return 0.299 * (px[at] & 0xFF) + 0.587 * (px[at + 1] & 0xFF) + 0.114 * (px[at + 2] & 0xFF);
    }
}
