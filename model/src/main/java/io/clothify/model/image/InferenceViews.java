package io.clothify.model.image;

/**
 * The views of one image whose predictions a classifier averages (test-time augmentation): the image, its mirror
 * when {@code mirror}, and, when {@code shift > 0}, each of those moved by {@code shift} pixels right, left, down
 * and up. Training and serving both take their views from here, so a model's test metrics are what it serves.
 *
 * @param mirror whether the mirrored image is a view too
 * @param shift pixels of the four shifted views, 0 for none
 */
public record InferenceViews(boolean mirror, int shift) {
    /** The image alone. */
    public static final InferenceViews SINGLE = new InferenceViews(false, 0);

    /** The largest shift a view may have: a few pixels, the scale of training's shift augmentation. */
    public static final int MAX_SHIFT = 4;

    private static final int[][] MOVES = {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}};

    public InferenceViews {
        if (shift < 0 || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("test-time shift must be 0.." + MAX_SHIFT + " pixels, got " + shift);
        }
    }

    /** Number of views of each image. */
    public int count() {
        return (mirror ? 2 : 1) * (shift > 0 ? MOVES.length : 1);
    }

    /**
     * Writes every view of an image of the pre-crop size as a normalized tensor: view {@code k} at
     * {@code offset + k * stride} of {@code out}.
     */
    public void write(ImagePipeline pipeline, PixelImage resized, float[] out, int offset, int stride) {
        int moves = shift > 0 ? MOVES.length : 1;
        int k = 0;
        for (int m = 0; m < (mirror ? 2 : 1); m++) {
            for (int i = 0; i < moves; i++) {
                pipeline.writeCenterCrop(resized, m == 1, MOVES[i][0] * shift, MOVES[i][1] * shift, out,
                        offset + k++ * stride);
            }
        }
    }
}
