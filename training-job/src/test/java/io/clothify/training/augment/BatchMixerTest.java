package io.clothify.training.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchMixerTest {
    static final int SIZE = 4;
    static final int CHANNELS = 2;
    static final int HEIGHT = 8;
    static final int WIDTH = 6;
    static final int TENSOR = CHANNELS * HEIGHT * WIDTH;
    static final int[] LABELS = {0, 1, 2, 3};

    /** Image i is filled with the constant value i + 1, so every mixed pixel tells where it came from. */
    static float[] constantImages() {
        float[] images = new float[SIZE * TENSOR];
        for (int i = 0; i < SIZE; i++) {
            java.util.Arrays.fill(images, i * TENSOR, (i + 1) * TENSOR, i + 1);
        }
        return images;
    }

    @Test
    void withBothAlphasZeroTheBatchIsUntouched() {
        float[] images = constantImages();
        BatchMixer.Mix mix = new BatchMixer(0, 0).apply(images, LABELS, SIZE, CHANNELS, HEIGHT, WIDTH,
                new Random(1));
        assertArrayEquals(constantImages(), images);
        assertEquals(1f, mix.share());
    }

    @Test
    void mixupBlendsEachImageWithItsMirrorByTheReportedShare() {
        for (int seed = 0; seed < 20; seed++) {
            float[] images = constantImages();
            BatchMixer.Mix mix = new BatchMixer(0.4, 0).apply(images, LABELS, SIZE, CHANNELS, HEIGHT, WIDTH,
                    new Random(seed));
            assertTrue(mix.share() >= 0 && mix.share() <= 1, "share " + mix.share());
            assertArrayEquals(new int[] {3, 2, 1, 0}, mix.partners());
            for (int i = 0; i < SIZE; i++) {
                float expected = mix.share() * (i + 1) + (1 - mix.share()) * (SIZE - i);
                for (int k = 0; k < TENSOR; k++) {
                    assertEquals(expected, images[i * TENSOR + k], 1e-5f, "image " + i + " pixel " + k);
                }
            }
        }
    }

    @Test
    void cutmixPastesABoxWhoseAreaIsThePartnersShare() {
        boolean sawABox = false;
        for (int seed = 0; seed < 20; seed++) {
            float[] images = constantImages();
            BatchMixer.Mix mix = new BatchMixer(0, 1.0).apply(images, LABELS, SIZE, CHANNELS, HEIGHT, WIDTH,
                    new Random(seed));
            for (int i = 0; i < SIZE; i++) {
                int own = 0;
                int partner = 0;
                for (int k = 0; k < TENSOR; k++) {
                    float v = images[i * TENSOR + k];
                    if (v == i + 1) {
                        own++;
                    } else if (v == SIZE - i) {
                        partner++;
                    }
                }
                if (i != SIZE - 1 - i) {
                    assertEquals(TENSOR, own + partner, "every pixel comes from one of the two images");
                    assertEquals(1 - mix.share(), partner / (double) TENSOR, 1e-6, "seed " + seed);
                    sawABox |= partner > 0;
                }
            }
        }
        assertTrue(sawABox, "no seed pasted a box");
    }

    @Test
    void betaSamplesHaveTheRightShape() {
        Random random = new Random(7);
        int n = 20_000;
        double sum = 0;
        int extreme = 0;
        for (int i = 0; i < n; i++) {
            double b = BatchMixer.beta(0.2, random);
            assertTrue(b >= 0 && b <= 1);
            sum += b;
            extreme += (b < 0.1 || b > 0.9) ? 1 : 0;
        }
        assertEquals(0.5, sum / n, 0.02, "Beta(a, a) is symmetric around 1/2");
        // Beta(0.2, 0.2) puts about 67 % of its mass below 0.1 or above 0.9; a uniform would put 20 %.
        assertEquals(0.67, extreme / (double) n, 0.03);
        double gammaSum = 0;
        for (int i = 0; i < n; i++) {
            gammaSum += BatchMixer.gamma(2.5, random);
        }
        assertEquals(2.5, gammaSum / n, 0.05, "Gamma(k, 1) has mean k");
    }

    @Test
    void negativeAlphasAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchMixer(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchMixer(0, Double.NaN));
    }
}
