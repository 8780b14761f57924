package io.clothify.model.image;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.imaging.webp.WebpMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;

/**
 * The EXIF {@code Orientation} tag (TIFF tag 274, values 1-8): how the stored pixel grid is turned to show the
 * photo the way every viewer shows it. Phones store portrait photos sideways with 6 or 8.
 */
final class Orientation {
    /** Stored upright. */
    static final int NORMAL = 1;

    private Orientation() {}

    /**
     * The orientation in the image's EXIF (JPEG APP1, PNG {@code eXIf}, WebP {@code EXIF} chunk); {@link #NORMAL}
     * when there is none, it is out of range, or the metadata cannot be read (a broken EXIF block does not make
     * the image undecodable, as in browsers).
     */
    static int read(byte[] bytes, String format) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Metadata metadata = switch (format) {
                case "jpeg" -> JpegMetadataReader.readMetadata(in, List.of(new ExifReader()));
                // only what holds the orientation: metadata-extractor inflates iCCP and text chunks unbounded
                case "png" -> PngMetadataReader.readMetadata(new ByteArrayInputStream(
                        PngChunks.only(bytes, java.util.Set.of("IHDR", "eXIf", "IEND"))));
                case "webp" -> WebpMetadataReader.readMetadata(in);
                default -> new Metadata();
            };
            for (ExifIFD0Directory ifd0 : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
                Integer value = ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
                if (value != null && value >= 1 && value <= 8) {
                    return value;
                }
            }
        } catch (Exception e) { // metadata-extractor throws its own checked types and runtime errors on junk
            return NORMAL;
        }
        return NORMAL;
    }

    /** Whether the orientation swaps width and height (a quarter turn, with or without a mirror). */
    static boolean swapsAxes(int orientation) {
        return orientation >= 5;
    }

    /** The upright image: the stored pixels turned and mirrored as {@code orientation} says. */
    static PixelImage apply(PixelImage stored, int orientation) {
        if (orientation == NORMAL) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        int c = stored.channels();
        boolean swap = swapsAxes(orientation);
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        byte[] in = stored.pixels();
        byte[] out = new byte[in.length];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }              // mirrored left-right
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }      // upside down
                    case 4 -> { sx = x; sy = h - 1 - y; }              // mirrored top-bottom
                    case 5 -> { sx = y; sy = x; }                      // transposed
                    case 6 -> { sx = y; sy = h - 1 - x; }              // turn a quarter clockwise
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }      // transversed
                    case 8 -> { sx = w - 1 - y; sy = x; }              // turn a quarter counter-clockwise
                    default -> throw new IllegalArgumentException("EXIF orientation must be 1..8, got "
                            + orientation);
                }
                System.arraycopy(in, (sy * w + sx) * c, out, (y * outW + x) * c, c);
            }
        }
        return new PixelImage(outW, outH, c, out);
    }
}
