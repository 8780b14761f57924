package io.clothify.model.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.w3c.dom.Node;

/**
 * The JDK's PNG reader leaves an embedded ICC profile ({@code iCCP}) unapplied; this attaches it to an RGB or RGBA
 * image so that {@link RasterSamples} converts the samples to sRGB, as JPEG and WebP images with a profile are.
 * Gray and palette PNGs keep their samples ({@code gAMA}/{@code cHRM} are not applied either).
 */
final class PngColorProfile {
    private static final String FORMAT = "javax_imageio_png_1.0";

    private PngColorProfile() {}

    static BufferedImage apply(BufferedImage image, IIOMetadata metadata) {
        ColorModel cm = image.getColorModel();
        if (metadata == null || cm instanceof IndexColorModel || !(cm instanceof ComponentColorModel)
                || cm.getColorSpace().getType() != ColorSpace.TYPE_RGB) {
            return image;
        }
        byte[] compressed = compressedProfile(metadata);
        if (compressed == null) {
            return image;
        }
        ICC_Profile profile;
        try {
            profile = ICC_Profile.getInstance(inflate(compressed));
        } catch (IllegalArgumentException | DataFormatException e) {
            return image; // a broken profile: the samples as stored, as browsers do
        }
        if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return image;
        }
        ColorModel tagged = new ComponentColorModel(new ICC_ColorSpace(profile), cm.hasAlpha(), false,
                cm.getTransparency(), image.getRaster().getDataBuffer().getDataType());
        return new BufferedImage(tagged, image.getRaster(), false, null);
    }

    private static byte[] compressedProfile(IIOMetadata metadata) {
        if (!FORMAT.equals(metadata.getNativeMetadataFormatName())) {
            return null;
        }
        Node root = metadata.getAsTree(FORMAT);
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if ("iCCP".equals(n.getNodeName()) && n instanceof IIOMetadataNode node
                    && node.getUserObject() instanceof byte[] bytes) {
                return bytes;
            }
        }
        return null;
    }

    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated ICC profile");
                }
                out.write(buffer, 0, n);
                if (out.size() > 4 << 20) {
                    throw new DataFormatException("ICC profile over 4 MB");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
