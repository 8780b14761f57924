package io.clothify.model.image;

/**
 * A decoded image as interleaved 8-bit samples (HWC: row by row, then pixel, then channel).
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param channels 1 (gray) or 3 (RGB)
 * @param pixels {@code width * height * channels} samples, unsigned bytes
 */
public record PixelImage(int width, int height, int channels, byte[] pixels) {
    public PixelImage {
        if (width <= 0 || height <= 0 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException(
                    "Bad image shape " + width + "x" + height + "x" + channels);
        }
        if (pixels.length != width * height * channels) {
            throw new IllegalArgumentException("Expected " + width * height * channels + " samples, got "
                    + pixels.length);
        }
    }

    /** Sample at (x, y, c) as 0..255. */
    public int sample(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }
}
