package io.clothify.function.testing;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Photos stored the way a phone stores them: pixels turned, and an EXIF Orientation tag saying how to undo it. */
public final class OrientedImages {
    private OrientedImages() {}

    public static BufferedImage read(byte[] encoded) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            rgb.getGraphics().drawImage(image, 0, 0, null);
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stored grid of an upright image for EXIF orientation 3 (upside down), 6 (shown after a quarter turn
     * clockwise) or 8 (a quarter turn counter-clockwise).
     */
    public static BufferedImage stored(BufferedImage upright, int orientation) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        AffineTransform t = switch (orientation) {
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case 6 -> new AffineTransform(0, -1, 1, 0, 0, w);  // upright (x, y) -> stored (y, w - 1 - x)
            case 8 -> new AffineTransform(0, 1, -1, 0, h, 0);  // upright (x, y) -> stored (h - 1 - y, x)
            default -> throw new IllegalArgumentException("orientation 3, 6 or 8, got " + orientation);
        };
        return new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(upright, null);
    }

    /** A TIFF block (big-endian) with one IFD0 entry: Orientation. */
    static byte[] exif(int orientation) {
        return new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
            0, 0, 0, 0};
    }

    /** A PNG of {@code image} with an {@code eXIf} chunk after its header. */
    public static byte[] png(BufferedImage image, int orientation) {
        byte[] png = encode(image, "png");
        int afterHeader = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        byte[] exif = exif(orientation);
        try (DataOutputStream chunk = new DataOutputStream(out)) {
            chunk.writeInt(exif.length);
            byte[] type = "eXIf".getBytes(StandardCharsets.US_ASCII);
            chunk.write(type);
            chunk.write(exif);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(exif);
            chunk.writeInt((int) crc.getValue());
            chunk.write(png, afterHeader, png.length - afterHeader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG of {@code image} with an APP1 Exif segment right after its start-of-image marker. */
    public static byte[] jpeg(BufferedImage image, int orientation) {
        byte[] jpeg = encode(image, "jpg");
        byte[] exif = exif(orientation);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 6 + exif.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(exif);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    public static byte[] encode(BufferedImage image, String format) {
        return TestImages.encode(image, format);
    }
}
