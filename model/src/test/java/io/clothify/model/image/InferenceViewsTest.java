package io.clothify.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.InputSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InferenceViewsTest {
    private static final int SIDE = 28;
    private static final int PLANE = SIDE * SIDE;

    /** A gray image whose every pixel is distinct enough to tell where it came from: 1 + x + 7y (mod 251). */
    private static PixelImage numbered() {
        byte[] px = new byte[PLANE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                px[y * SIDE + x] = (byte) (1 + (x + 7 * y) % 251);
            }
        }
        return new PixelImage(SIDE, SIDE, 1, px);
    }

    @Test
    void countsTheImageItsMirrorAndTheirFourShifts() {
        assertEquals(1, InferenceViews.SINGLE.count());
        assertEquals(2, new InferenceViews(true, 0).count());
        assertEquals(5, new InferenceViews(false, 1).count());
        assertEquals(10, new InferenceViews(true, 2).count());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new InferenceViews(true, InferenceViews.MAX_SHIFT + 1));
        assertTrue(bad.getMessage().contains("shift"), bad.getMessage());
    }

    @Test
    void writesEachViewAtItsStrideAndShiftsInBlack() {
        ImagePipeline pipeline = new ImagePipeline(InputSpec.fashionMnist());
        PixelImage image = numbered();
        InferenceViews views = new InferenceViews(true, 1);
        int stride = PLANE + 3; // views need not be packed
        float[] out = new float[views.count() * stride];
        views.write(pipeline, image, out, 0, stride);

        float[] plain = pipeline.centerCropTensor(image);
        float[] mirrored = new float[PLANE];
        pipeline.writeCenterCrop(image, true, mirrored, 0);
        float black = pipeline.evalTensor(new PixelImage(SIDE, SIDE, 1, new byte[PLANE]))[0];
        assertArrayEquals(plain, Arrays.copyOfRange(out, 0, PLANE));
        assertArrayEquals(mirrored, Arrays.copyOfRange(out, 5 * stride, 5 * stride + PLANE));
        for (int y = 0; y < SIDE; y++) {
            // view 1: moved one pixel right, so column 0 is black and column x shows x - 1
            assertEquals(black, out[stride + y * SIDE], 0f);
            // view 4: moved one pixel up, so the last row is black and row y shows y + 1
            assertEquals(black, out[4 * stride + (SIDE - 1) * SIDE + y], 0f);
            for (int x = 1; x < SIDE; x++) {
                assertEquals(plain[y * SIDE + x - 1], out[stride + y * SIDE + x], 0f);
                // view 6: the mirror moved right
                assertEquals(mirrored[y * SIDE + x - 1], out[6 * stride + y * SIDE + x], 0f);
            }
            if (y < SIDE - 1) {
                assertEquals(plain[(y + 1) * SIDE + 5], out[4 * stride + y * SIDE + 5], 0f);
            }
        }
        assertEquals(0f, out[PLANE], 0f); // the gap between views is untouched
    }

    @Test
    void aShiftedViewOfACroppedImageTakesThePixelsBesideTheCrop() {
        InputSpec cropped = new InputSpec(SIDE - 4, SIDE - 4, 1, InputSpec.fashionMnist().mean(),
                InputSpec.fashionMnist().std(), (SIDE - 4) / (double) SIDE);
        ImagePipeline pipeline = new ImagePipeline(cropped);
        PixelImage image = numbered();
        int side = SIDE - 4;
        InferenceViews views = new InferenceViews(false, 1);
        float[] out = new float[views.count() * side * side];
        views.write(pipeline, image, out, 0, side * side);
        float[] wider = new float[side * side];
        pipeline.writeTensor(image, 1, 2, false, wider, 0); // the window one pixel left of the center crop
        assertArrayEquals(wider, Arrays.copyOfRange(out, side * side, 2 * side * side));
    }
}
