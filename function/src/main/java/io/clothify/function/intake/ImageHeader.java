package io.clothify.function.intake;

/**
 * What an image's header says, read without decoding any pixels.
 *
 * @param format JPEG or PNG
 * @param width width in pixels, as declared
 * @param height height in pixels, as declared
 */
public record ImageHeader(ImageFormat format, int width, int height) {
    public ImageHeader {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image dimensions must be positive, got " + width + "x" + height);
        }
    }

    public long pixels() {
        return (long) width * height;
    }
}
