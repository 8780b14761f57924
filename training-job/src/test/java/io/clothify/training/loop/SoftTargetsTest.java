package io.clothify.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SoftTargetsTest {
    @Test
    void labelsAreSmoothedThenMixedByTheBatchsShare() {
        BatchStream.Batch plain = new BatchStream.Batch(new float[0], new int[] {0, 2}, 2, new int[] {1, 1}, 1f);
        assertArrayEquals(new float[] {0.8f, 0.1f, 0.1f, 0.1f, 0.1f, 0.8f}, SoftTargets.of(plain, 3, 0.3), 1e-6f);

        BatchStream.Batch mixed = new BatchStream.Batch(new float[0], new int[] {0, 2}, 2, new int[] {1, 1}, 0.75f);
        assertArrayEquals(new float[] {0.75f, 0.25f, 0f, 0f, 0.25f, 0.75f}, SoftTargets.of(mixed, 3, 0), 1e-6f);
    }
}
