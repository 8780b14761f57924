#!/bin/sh
# Makes the committed WebP fixtures from the committed JPEG photos. Run from anywhere:
#   function/src/test/resources/images/make-webp-fixtures.sh
# Needs a JDK (java on PATH, 11+) and Debian's `webp` package (apt-get install -y webp; made with cwebp 1.2.4).
# Tests read the .webp files only; nothing here runs at test time.
#
# Step 1 (Java, ImageIO): each photo -> an RGB PNG, and pants.jpg -> an RGBA PNG whose corners are transparent
#         (an ellipse mask, so the alpha plane has soft and hard edges).
# Step 2 (cwebp; lossy ones resized to 160 px wide, lossless ones to 96 px to stay a few KB):
#   t-shirt-lossy.webp        cwebp -q 80                     simple format, VP8 chunk
#   t-shirt-lossless.webp     cwebp -lossless                 simple format, VP8L chunk
#   pants-alpha-lossy.webp    cwebp -q 80 -alpha_q 100        extended format: VP8X + ALPH + VP8
#   pants-alpha-lossless.webp cwebp -lossless -exact          simple format, VP8L with its alpha bit set
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/ToPng.java" <<'JAVA'
import java.awt.*;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

public class ToPng {
    public static void main(String[] a) throws Exception {
        BufferedImage in = ImageIO.read(new File(a[0]));
        BufferedImage rgb = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(in, 0, 0, null);
        ImageIO.write(rgb, "png", new File(a[1]));
        BufferedImage argb = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = argb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setClip(new Ellipse2D.Double(0, 0, in.getWidth(), in.getHeight()));
        g.drawImage(in, 0, 0, null);
        g.dispose();
        ImageIO.write(argb, "png", new File(a[2]));
    }
}
JAVA
for photo in t-shirt pants; do
  java "$work/ToPng.java" "$here/$photo.jpg" "$work/$photo.png" "$work/$photo-alpha.png"
done
cwebp -quiet -resize 160 0 -q 80 "$work/t-shirt.png" -o "$here/t-shirt-lossy.webp"
cwebp -quiet -resize 96 0 -lossless "$work/t-shirt.png" -o "$here/t-shirt-lossless.webp"
cwebp -quiet -resize 160 0 -q 80 -alpha_q 100 "$work/pants-alpha.png" -o "$here/pants-alpha-lossy.webp"
cwebp -quiet -resize 96 0 -lossless -exact "$work/pants-alpha.png" -o "$here/pants-alpha-lossless.webp"
ls -l "$here"/*.webp
