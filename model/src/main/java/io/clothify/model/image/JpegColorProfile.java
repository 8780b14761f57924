package io.clothify.model.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An ICC-tagged color JPEG's profile applied to the 1/8-scale decoder's RGB image, as the general reader applies it
 * to its full one. The reader (TwelveMonkeys' {@code JPEGImageReader}) decides what the profile is: it reassembles
 * the APP2 {@code ICC_PROFILE} chunks, ignores a broken or misnumbered profile or one that is not a 3-component
 * profile (the samples are then taken as sRGB), and refuses the image when the chunks contradict each other. Its
 * raw image type carries that color space; for the full decode it converts from it to sRGB with a
 * {@code ColorConvertOp}, and {@link RasterSamples} converts this image with the same op, the same profiles and
 * intent (the two gave identical samples for the same RGB input on the Display P3 fixture).
 */
final class JpegColorProfile {
    private JpegColorProfile() {}

    /**
     * The color space the reader takes the JPEG's RGB samples to be in.
     *
     * @throws IOException if the reader refuses the JPEG's header (it would refuse the image too)
     */
    static ColorSpace of(byte[] jpeg) throws IOException {
        try (ImageInputStream in = new ByteArrayImageInputStream(jpeg)) {
            ImageReader reader = ImageDecoder.reader(in);
            try {
                reader.setInput(in, true, false);
                return reader.getRawImageType(0).getColorModel().getColorSpace();
            } finally {
                reader.dispose();
            }
        }
    }

    /** {@code rgb}'s samples taken to be in {@code space}, in sRGB (or gray) as {@link RasterSamples} makes them. */
    static PixelImage toSrgb(PixelImage rgb, ColorSpace space, int channels) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("Expected RGB samples, got " + rgb.channels() + " channels");
        }
        int w = rgb.width();
        int h = rgb.height();
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(rgb.pixels(), rgb.pixels().length),
                w, h, w * 3, 3, new int[] {0, 1, 2}, null);
        ComponentColorModel model = new ComponentColorModel(space, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        return RasterSamples.toPixels(new BufferedImage(model, raster, false, null), channels);
    }
}
