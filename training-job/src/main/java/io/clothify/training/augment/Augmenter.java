package io.clothify.training.augment;

import io.clothify.model.InputSpec;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.PixelImage;
import java.util.Random;

/**
 * Produces one training tensor from a cached image (stored at the spec's pre-crop size): a random window
 * (random resized crop, or the evaluation center crop shifted by up to {@value #MAX_SHIFT} pixels), optionally
 * rotated and mirrored, sampled bilinearly in one affine pass, then optionally color-jittered and erased in a
 * random rectangle.
 * Without augmentation it is exactly the evaluation tensor. Normalization is the shared pipeline's.
 */
public final class Augmenter {
    static final int MAX_SHIFT = 2;
    static final double MIN_CROP_AREA = 0.30;
    static final double MAX_ROTATION_DEGREES = 10;

    private final ImagePipeline pipeline;
    private final Augmentation augmentation;

    public Augmenter(ImagePipeline pipeline, Augmentation augmentation) {
        this.pipeline = pipeline;
        this.augmentation = augmentation;
    }

    /** Writes the augmented CHW tensor of {@code image} into {@code out} at {@code offset}. */
    public void writeTensor(PixelImage image, Random random, float[] out, int offset) {
        InputSpec spec = pipeline.spec();
        boolean mirror = augmentation.flip() && random.nextBoolean();
        if (!augmentation.warps() && !augmentation.color() && !augmentation.erase()) {
            int x0 = (image.width() - spec.width()) / 2;
            int y0 = (image.height() - spec.height()) / 2;
            pipeline.writeTensor(image, x0, y0, mirror, out, offset);
            return;
        }
        PixelImage window = augmentation.warps() ? warp(image, random, mirror) : centerWindow(image, mirror);
        if (augmentation.color()) {
            ColorJitter.apply(window, random);
        }
        if (augmentation.erase()) {
            erase(window, random);
        }
        pipeline.writeTensor(window, 0, 0, false, out, offset);
    }

    private PixelImage warp(PixelImage src, Random random, boolean mirror) {
        InputSpec spec = pipeline.spec();
        int w = spec.width();
        int h = spec.height();
        // the source window (cx, cy, cw, ch) that maps onto the w x h output
        double cw = w;
        double ch = h;
        double cx = src.width() / 2.0;
        double cy = src.height() / 2.0;
        if (augmentation.crop()) {
            double area = src.width() * (double) src.height() * (MIN_CROP_AREA + random.nextDouble() * (1 - MIN_CROP_AREA));
            double logRatio = Math.log(3.0 / 4) + random.nextDouble() * (Math.log(4.0 / 3) - Math.log(3.0 / 4));
            double ratio = Math.exp(logRatio);
            cw = Math.min(src.width(), Math.sqrt(area * ratio));
            ch = Math.min(src.height(), Math.sqrt(area / ratio));
            cx = cw / 2 + random.nextDouble() * (src.width() - cw);
            cy = ch / 2 + random.nextDouble() * (src.height() - ch);
        }
        if (augmentation.shift()) {
            cx += random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            cy += random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
        }
        double angle = augmentation.rotate()
                ? Math.toRadians((random.nextDouble() * 2 - 1) * MAX_ROTATION_DEGREES) : 0;
        double sx = cw / w;
        double sy = ch / h;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        int c = src.channels();
        boolean clampEdges = c == 3; // photos: repeat the border; gray (Fashion-MNIST): black background
        byte[] out = new byte[w * h * c];
        for (int v = 0; v < h; v++) {
            for (int u = 0; u < w; u++) {
                double du = ((mirror ? (w - 1 - u) : u) + 0.5 - w / 2.0) * sx;
                double dv = (v + 0.5 - h / 2.0) * sy;
                double x = cx + du * cos - dv * sin - 0.5;
                double y = cy + du * sin + dv * cos - 0.5;
                bilinear(src, x, y, clampEdges, out, (v * w + u) * c);
            }
        }
        return new PixelImage(w, h, c, out);
    }

    private PixelImage centerWindow(PixelImage src, boolean mirror) {
        InputSpec spec = pipeline.spec();
        int w = spec.width();
        int h = spec.height();
        int c = src.channels();
        int x0 = (src.width() - w) / 2;
        int y0 = (src.height() - h) / 2;
        byte[] out = new byte[w * h * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = x0 + (mirror ? w - 1 - x : x);
                System.arraycopy(src.pixels(), ((y0 + y) * src.width() + sx) * c, out, (y * w + x) * c, c);
            }
        }
        return new PixelImage(w, h, c, out);
    }

    private static void bilinear(PixelImage src, double x, double y, boolean clamp, byte[] out, int at) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        for (int ch = 0; ch < src.channels(); ch++) {
            double top = sample(src, x0, y0, ch, clamp) * (1 - fx) + sample(src, x0 + 1, y0, ch, clamp) * fx;
            double bottom = sample(src, x0, y0 + 1, ch, clamp) * (1 - fx)
                    + sample(src, x0 + 1, y0 + 1, ch, clamp) * fx;
            out[at + ch] = (byte) Math.round(top * (1 - fy) + bottom * fy);
        }
    }

    private static int sample(PixelImage src, int x, int y, int ch, boolean clamp) {
        if (x < 0 || y < 0 || x >= src.width() || y >= src.height()) {
            if (!clamp) {
                return 0;
            }
            x = Math.max(0, Math.min(src.width() - 1, x));
            y = Math.max(0, Math.min(src.height() - 1, y));
        }
        return src.sample(x, y, ch);
    }

    /** Random erasing: with probability 1/2, fills a rectangle of 2-20 % of the area with noise. */
    private static void erase(PixelImage img, Random random) {
        if (random.nextBoolean()) {
            return;
        }
        double area = img.width() * img.height() * (0.02 + random.nextDouble() * 0.18);
        double ratio = Math.exp(Math.log(0.3) + random.nextDouble() * (Math.log(3.3) - Math.log(0.3)));
        int ew = (int) Math.min(img.width(), Math.round(Math.sqrt(area * ratio)));
        int eh = (int) Math.min(img.height(), Math.round(Math.sqrt(area / ratio)));
        int x0 = random.nextInt(img.width() - ew + 1);
        int y0 = random.nextInt(img.height() - eh + 1);
        byte[] px = img.pixels();
        for (int y = y0; y < y0 + eh; y++) {
            for (int x = x0; x < x0 + ew; x++) {
                for (int ch = 0; ch < img.channels(); ch++) {
                    px[(y * img.width() + x) * img.channels() + ch] = (byte) random.nextInt(256);
                }
            }
        }
    }
}
