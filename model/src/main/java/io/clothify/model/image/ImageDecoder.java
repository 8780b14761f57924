package io.clothify.model.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;

/**
 * Image bytes to upright 8-bit gray or sRGB pixels: the one decoder behind training and serving.
 *
 * <ul>
 *   <li>formats: JPEG (baseline and progressive; gray, YCbCr/RGB, CMYK/YCCK (Adobe), via TwelveMonkeys' reader,
 *       which also converts an embedded ICC profile), PNG (every color type and bit
 *       depth; an RGB PNG's {@code iCCP} profile is applied by {@link PngColorProfile}) and WebP (lossy, lossless,
 *       alpha, an {@code ICCP} profile; TwelveMonkeys);
 *   <li>the EXIF orientation (1-8) is applied; see {@link Orientation};
 *   <li>samples as in {@link RasterSamples}: raster reads, other color spaces converted to sRGB, transparent pixels
 *       composited onto white;
 *   <li>a photo larger than twice {@code minWidth x minHeight} (in both directions, after orientation) is decoded at
 *       a reduced scale: a baseline gray or YCbCr JPEG at least 8 times larger at 1/8 scale, each 8x8 block
 *       becoming its mean ({@link JpegDcDecoder}); any other by source subsampling: every {@code s}-th pixel,
 *       {@code s} the largest integer that keeps both sides at least the minimum. The caller's antialiased resize
 *       does the rest.
 * </ul>
 */
public final class ImageDecoder {
    /** The formats decoded, by the names of their ImageIO readers. */
    public static final Set<String> FORMATS = Set.of("jpeg", "png", "webp");

    static {
        // Registered here, not only found through META-INF/services, so that no class loader or jar layout (a
        // shaded jar, a Lambda runtime's loader) can leave the JDK's readers alone: TwelveMonkeys' JPEG reader
        // orders itself before the JDK's when registered.
        IIORegistry registry = IIORegistry.getDefaultInstance();
        registry.registerServiceProvider(new JPEGImageReaderSpi());
        registry.registerServiceProvider(new WebPImageReaderSpi());
    }

    private ImageDecoder() {}

    /**
     * Decodes {@code bytes} to {@code channels} (1 gray, 3 RGB), at a reduced scale when the photo is much larger
     * than {@code minWidth x minHeight} (0 for full resolution).
     *
     * @throws ImageDecodeException if the bytes are empty, not JPEG/PNG/WebP, or corrupt
     */
    public static DecodedImage decode(byte[] bytes, int channels, int minWidth, int minHeight) {
        return decode(bytes, channels, minWidth, minHeight, true);
    }

    /**
     * {@link #decode}, optionally without the fast paths ({@link JpegDcDecoder}, {@link JpegYcc}): only the general
     * reader (their tests compare both).
     */
    static DecodedImage decode(byte[] bytes, int channels, int minWidth, int minHeight, boolean fast) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageDecodeException("The image is empty (0 bytes)");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (fast) {
            DecodedImage eighth;
            try {
                eighth = decodeEighth(bytes, channels, minWidth, minHeight);
            } catch (RuntimeException e) {
                // a defect there must not cost the caller an answer: the reader decides (the tests call
                // JpegDcDecoder directly, where nothing may be thrown)
                eighth = null;
            }
            if (eighth != null) {
                return eighth;
            }
        }
        if (PngChunks.isPng(bytes)) {
            bytes = PngChunks.without(bytes, PngChunks.TEXT); // see PngChunks: unbounded inflation
        }
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            ImageReader reader = reader(in);
            try {
                reader.setInput(in, true, false);
                String format = reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
                int storedWidth = reader.getWidth(0);
                int storedHeight = reader.getHeight(0);
                int orientation = Orientation.read(bytes, format);
                boolean swap = Orientation.swapsAxes(orientation);
                int step = subsampling(storedWidth, storedHeight, swap ? minHeight : minWidth,
                        swap ? minWidth : minHeight);
                ImageReadParam param = reader.getDefaultReadParam();
                if (step > 1) {
                    param.setSourceSubsampling(step, step, step / 2, step / 2);
                }
                PixelImage stored;
                if (step > 1 && fast && format.equals("jpeg") && JpegYcc.isPlainYcc(bytes)) {
                    stored = JpegYcc.toPixels(reader.readRaster(0, param), channels);
                } else {
                    BufferedImage image = reader.read(0, param);
                    if (format.equals("png")) {
                        image = PngColorProfile.apply(image, reader.getImageMetadata(0));
                    }
                    stored = RasterSamples.toPixels(image, channels);
                }
                PixelImage upright = Orientation.apply(stored, orientation);
                return new DecodedImage(upright, swap ? storedHeight : storedWidth,
                        swap ? storedWidth : storedHeight);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageDecodeException known) {
                throw known;
            }
            throw new ImageDecodeException("The image could not be decoded: " + e.getMessage(), e);
        }
    }

    /**
     * A baseline JPEG at least {@value JpegDcDecoder#SCALE} times the minimum size (in both directions, after
     * orientation) at 1/8 scale, by {@link JpegDcDecoder}; {@code null} when that does not apply or the stream is not
     * one it decodes.
     */
    private static DecodedImage decodeEighth(byte[] bytes, int channels, int minWidth, int minHeight) {
        if (minWidth <= 0 || minHeight <= 0 || bytes.length < 2 || (bytes[0] & 0xFF) != 0xFF
                || (bytes[1] & 0xFF) != 0xD8) {
            return null;
        }
        JpegHeader header = JpegDcDecoder.header(bytes);
        if (header == null || Math.max(subsampling(header.width, header.height, minWidth, minHeight),
                subsampling(header.width, header.height, minHeight, minWidth)) < JpegDcDecoder.SCALE) {
            return null; // too small either way up: the reader reads the EXIF orientation, once
        }
        int orientation = Orientation.read(bytes, "jpeg");
        boolean swap = Orientation.swapsAxes(orientation);
        if (subsampling(header.width, header.height, swap ? minHeight : minWidth, swap ? minWidth : minHeight)
                < JpegDcDecoder.SCALE) {
            return null;
        }
        PixelImage stored = JpegDcDecoder.decode(bytes, header, channels);
        if (stored == null) {
            return null;
        }
        return new DecodedImage(Orientation.apply(stored, orientation), swap ? header.height : header.width,
                swap ? header.width : header.height);
    }

    /** The largest step that keeps both sides of the subsampled image at least the minimum (1 if none). */
    static int subsampling(int width, int height, int minWidth, int minHeight) {
        if (minWidth <= 0 || minHeight <= 0) {
            return 1;
        }
        return Math.max(1, Math.min(width / minWidth, height / minHeight));
    }

    /** The reader the general path uses for these bytes (TwelveMonkeys' for JPEG and WebP). */
    static ImageReader reader(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String name = reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
            if (FORMATS.contains(name)) {
                return reader;
            }
        }
        throw new ImageDecodeException("The bytes are not a JPEG, PNG or WebP image");
    }
}
