package io.clothify.model;

import java.util.List;

/**
 * The input a model expects and how pixels become its tensor.
 *
 * <p>An image is resized (squashed, no aspect preservation, like Keras' {@code load_img(target_size)}) to
 * {@code round(width / cropFraction) x round(height / cropFraction)}, center-cropped to {@code width x height},
 * scaled to 0..1 and normalized per channel with {@code (x - mean) / std}. With {@code cropFraction = 1} it is a
 * plain resize. Keras-style scalings are expressible: 0..1 is mean 0 / std 1, Xception's -1..1 is mean 0.5 /
 * std 0.5.
 *
 * @param width tensor width in pixels
 * @param height tensor height in pixels
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param mean per-channel mean in 0..1 units (one value per channel)
 * @param std per-channel standard deviation in 0..1 units (one value per channel)
 * @param cropFraction fraction of the resized image kept by the center crop, in (0, 1]
 */
public record InputSpec(int width, int height, int channels, List<Double> mean, List<Double> std,
        double cropFraction) {

    public InputSpec {
        if (width < 8 || height < 8 || width > 1024 || height > 1024) {
            throw new IllegalArgumentException("Input size must be 8..1024 pixels, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("Input channels must be 1 or 3, got " + channels);
        }
        if (mean == null || std == null || mean.size() != channels || std.size() != channels) {
            throw new IllegalArgumentException("mean and std need one value per channel (" + channels + ")");
        }
        if (std.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("std values must be > 0, got " + std);
        }
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new IllegalArgumentException("cropFraction must be in (0, 1], got " + cropFraction);
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }

    /** RGB photos with ImageNet-style normalization. */
    public static InputSpec rgb(int size, double cropFraction) {
        return new InputSpec(size, size, 3, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225),
                cropFraction);
    }

    /** 28x28 grayscale, normalized with Fashion-MNIST's own statistics. */
    public static InputSpec fashionMnist() {
        return new InputSpec(28, 28, 1, List.of(0.2860), List.of(0.3530), 1.0);
    }

    /** Width of the image before the center crop. */
    public int resizeWidth() {
        return (int) Math.round(width / cropFraction);
    }

    /** Height of the image before the center crop. */
    public int resizeHeight() {
        return (int) Math.round(height / cropFraction);
    }
}
