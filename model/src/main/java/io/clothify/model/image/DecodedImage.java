package io.clothify.model.image;

/**
 * A decoded, upright image and the size of the photo it came from.
 *
 * @param image the pixels (upright, composited, sRGB); smaller than the photo when it was decoded at a reduced
 *     scale
 * @param width the photo's full width after its orientation was applied
 * @param height the photo's full height after its orientation was applied
 */
public record DecodedImage(PixelImage image, int width, int height) {
    public DecodedImage {
        if (width < image.width() || height < image.height()) {
            throw new IllegalArgumentException("The full size " + width + "x" + height + " is smaller than the "
                    + image.width() + "x" + image.height() + " decoded pixels");
        }
    }
}
