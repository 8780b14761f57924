package io.clothify.training.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.InputSpec;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.PixelImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    private static final InputSpec SPEC = InputSpec.rgb(16, 0.8);
    private static final ImagePipeline PIPELINE = new ImagePipeline(SPEC);

    @Test
    void withoutAugmentationTheTensorIsTheEvaluationTensor() {
        PixelImage image = gradient(20, 20);
        float[] out = new float[PIPELINE.tensorSize()];
        new Augmenter(PIPELINE, Augmentation.NONE).writeTensor(image, new Random(1), out, 0);
        assertArrayEquals(PIPELINE.centerCropTensor(image), out, 1e-6f);
    }

    @Test
    void colorJitterChangesPixelsButKeepsTheGeometryAndTheCachedImage() {
        PixelImage image = gradient(20, 20);
        byte[] cached = image.pixels().clone();
        float[] plain = PIPELINE.centerCropTensor(image);
        Augmenter jitter = new Augmenter(PIPELINE, Augmentation.parse("color"));
        float[] out = new float[PIPELINE.tensorSize()];
        jitter.writeTensor(image, new Random(3), out, 0);
        assertArrayEquals(cached, image.pixels(), "the cached image must not be modified");
        double maxDifference = 0;
        for (int i = 0; i < out.length; i++) {
            maxDifference = Math.max(maxDifference, Math.abs(out[i] - plain[i]));
        }
        assertTrue(maxDifference > 0.05, "jitter should move pixel values, moved " + maxDifference);
        // jitter acts per pixel, not spatially: red still rises left to right along the first row
        for (int x = 1; x < SPEC.width(); x++) {
            assertTrue(out[x] >= out[x - 1] - 1e-3, "red at x " + x);
        }
    }

    @Test
    void colorJitterFactorsStayWithinTheirRange() {
        byte[] gray = new byte[30 * 3];
        Arrays.fill(gray, (byte) 100);
        Random random = new Random(7);
        int lowest = 255;
        int highest = 0;
        for (int trial = 0; trial < 200; trial++) {
            PixelImage img = new PixelImage(30, 1, 3, gray.clone());
            ColorJitter.apply(img, random);
            // a uniform gray image has no contrast or saturation to change: only brightness acts
            int v = img.pixels()[0] & 0xFF;
            for (byte b : img.pixels()) {
                assertEquals(v, b & 0xFF);
            }
            lowest = Math.min(lowest, v);
            highest = Math.max(highest, v);
        }
        assertTrue(lowest >= Math.round(100 * (1 - ColorJitter.STRENGTH)) && lowest < 80, "lowest " + lowest);
        assertTrue(highest <= Math.round(100 * (1 + ColorJitter.STRENGTH)) && highest > 120, "highest " + highest);
    }

    @Test
    void jitterKeepsAColorRecognisable() {
        byte[] red = new byte[10 * 10 * 3];
        for (int i = 0; i < red.length; i += 3) {
            red[i] = (byte) 200;
            red[i + 1] = 20;
            red[i + 2] = 20;
        }
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            PixelImage img = new PixelImage(10, 10, 3, red.clone());
            ColorJitter.apply(img, random);
            int r = img.pixels()[0] & 0xFF;
            int g = img.pixels()[1] & 0xFF;
            assertTrue(r > g + 60, "still clearly red after jitter: r " + r + " g " + g);
        }
    }

    @Test
    void augmentationListsParseAndPrintBack() {
        Augmentation a = Augmentation.parse("flip, crop,color,erase");
        assertTrue(a.flip() && a.crop() && a.color() && a.erase());
        assertFalse(a.shift() || a.rotate());
        assertEquals("flip,crop,color,erase", a.toString());
        assertEquals(a, Augmentation.parse(a.toString()));
        assertFalse(Augmentation.parse("none").any());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("hue"));
        assertTrue(e.getMessage().contains("'hue' is unknown"), e.getMessage());
    }

    @Test
    void flipOnlyMirrorsTheEvaluationTensor() {
        PixelImage image = gradient(20, 20);
        Augmenter flipper = new Augmenter(PIPELINE, Augmentation.parse("flip"));
        float[] plain = PIPELINE.centerCropTensor(image);
        Random random = new Random(5);
        boolean sawMirror = false;
        boolean sawPlain = false;
        for (int trial = 0; trial < 20; trial++) {
            float[] out = new float[PIPELINE.tensorSize()];
            flipper.writeTensor(image, random, out, 0);
            boolean mirrored = out[0] == plain[SPEC.width() - 1];
            boolean same = Arrays.equals(out, plain);
            assertTrue(mirrored || same);
            sawMirror |= mirrored && !same;
            sawPlain |= same;
        }
        assertTrue(sawMirror && sawPlain);
    }

    /** Red rises left to right, green top to bottom, blue constant. */
    private static PixelImage gradient(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int at = (y * w + x) * 3;
                px[at] = (byte) (40 + x * 8);
                px[at + 1] = (byte) (40 + y * 8);
                px[at + 2] = (byte) 90;
            }
        }
        return new PixelImage(w, h, 3, px);
    }
}
