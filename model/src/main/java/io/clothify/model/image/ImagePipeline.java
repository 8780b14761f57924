package io.clothify.model.image;

import io.clothify.model.InputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one preprocessing pipeline, used by training (its cache and its evaluation) and by serving:
 * {@link #decode} -> {@link #resize} to the spec's pre-crop size -> {@link #centerCropTensor} (crop, scale to 0..1,
 * normalize, CHW float tensor).
 *
 * <p>Everything here is pure Java and deterministic, so the same file gives bit-identical tensors in training
 * and in the Lambda.
 */
public final class ImagePipeline {
    /**
     * How many times the pre-crop size a large photo keeps when decoded at a reduced scale, so the final resize
     * still averages several pixels into one.
     */
    public static final int OVERSAMPLING = 2;

    private final InputSpec spec;
    private final float[] scale;
    private final float[] offset;

    public ImagePipeline(InputSpec spec) {
        this.spec = spec;
        int c = spec.channels();
        scale = new float[c];
        offset = new float[c];
        for (int i = 0; i < c; i++) {
            // (x / 255 - mean) / std  ==  x * scale + offset
            scale[i] = (float) (1.0 / (255.0 * spec.std().get(i)));
            offset[i] = (float) (-spec.mean().get(i) / spec.std().get(i));
        }
    }

    public InputSpec spec() {
        return spec;
    }

    /** The full evaluation path: pre-crop resize, then center crop to a normalized CHW tensor. */
    public float[] evalTensor(PixelImage image) {
        return centerCropTensor(resize(image));
    }

    /** Resizes (squashes) to the spec's pre-crop size; the stored form of images in training's cache. */
    public PixelImage resize(PixelImage image) {
        return Resampler.resize(image, spec.resizeWidth(), spec.resizeHeight());
    }

    /** Center-crops an image of the pre-crop size to the input size and normalizes it (CHW). */
    public float[] centerCropTensor(PixelImage resized) {
        float[] out = new float[tensorSize()];
        writeCenterCrop(resized, false, out, 0);
        return out;
    }

    /**
     * Writes the center crop of an image of the pre-crop size, optionally mirrored (for test-time flip
     * averaging), as a normalized CHW tensor into {@code out} at {@code offsetInOut}.
     */
    public void writeCenterCrop(PixelImage resized, boolean mirror, float[] out, int offsetInOut) {
        int x0 = (resized.width() - spec.width()) / 2;
        int y0 = (resized.height() - spec.height()) / 2;
        writeTensor(resized, x0, y0, mirror, out, offsetInOut);
    }

    /**
     * Writes the center crop, optionally mirrored, with its content moved {@code dx} pixels right and {@code dy}
     * down (a test-time view); pixels that come from outside the image are black.
     */
    public void writeCenterCrop(PixelImage resized, boolean mirror, int dx, int dy, float[] out, int offsetInOut) {
        int x0 = (resized.width() - spec.width()) / 2;
        int y0 = (resized.height() - spec.height()) / 2;
        // a mirrored window shows its columns right to left, so moving its content right moves the window right
        writeWindow(resized, x0 + (mirror ? dx : -dx), y0 - dy, mirror, out, offsetInOut);
    }

    /** Number of floats in one image's tensor. */
    public int tensorSize() {
        return spec.channels() * spec.width() * spec.height();
    }

    /**
     * Writes the {@code width x height} window at (x0, y0) of {@code image} (optionally mirrored) into
     * {@code out} at {@code offsetInOut} as a normalized CHW tensor. Training's augmentation uses this too,
     * so normalization exists once.
     */
    public void writeTensor(PixelImage image, int x0, int y0, boolean mirror, float[] out, int offsetInOut) {
        int w = spec.width();
        int h = spec.height();
        if (x0 < 0 || y0 < 0 || x0 + w > image.width() || y0 + h > image.height()) {
            throw new IllegalArgumentException("Window " + w + "x" + h + " at " + x0 + "," + y0
                    + " is outside a " + image.width() + "x" + image.height() + " image");
        }
        writeWindow(image, x0, y0, mirror, out, offsetInOut);
    }

    /** {@link #writeTensor} for a window that may reach past the image: those pixels are black. */
    private void writeWindow(PixelImage image, int x0, int y0, boolean mirror, float[] out, int offsetInOut) {
        int w = spec.width();
        int h = spec.height();
        int c = spec.channels();
        requireChannels(image);
        byte[] px = image.pixels();
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            int sy = y0 + y;
            for (int x = 0; x < w; x++) {
                int sx = x0 + (mirror ? (w - 1 - x) : x);
                boolean inside = sx >= 0 && sy >= 0 && sx < image.width() && sy < image.height();
                int src = (sy * image.width() + sx) * c;
                int dst = offsetInOut + y * w + x;
                for (int ch = 0; ch < c; ch++) {
                    out[dst + ch * plane] = (inside ? px[src + ch] & 0xFF : 0) * scale[ch] + offset[ch];
                }
            }
        }
    }

    private void requireChannels(PixelImage image) {
        if (image.channels() != spec.channels()) {
            throw new IllegalArgumentException("Expected " + spec.channels() + " channels, got " + image.channels());
        }
    }

    /**
     * Decodes an image for this pipeline: upright, composited, sRGB or gray as the spec asks, and at a reduced
     * scale when the photo is more than {@value #OVERSAMPLING} times the pre-crop size (the antialiased
     * {@link #resize} then shrinks it the rest of the way). Training's cache and serving both come through here.
     *
     * @throws ImageDecodeException if the bytes are not a decodable JPEG, PNG or WebP image
     */
    public DecodedImage decode(byte[] bytes) {
        return ImageDecoder.decode(bytes, spec.channels(), OVERSAMPLING * spec.resizeWidth(),
                OVERSAMPLING * spec.resizeHeight());
    }

    /** {@link #decode(byte[])} of a file. */
    public DecodedImage decode(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }
}
