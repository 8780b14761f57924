package io.clothify.training.loop;

import java.util.Arrays;

/** The targets the loss compares the network's log-probabilities with: smoothed labels, mixed when mixed. */
public final class SoftTargets {
    private SoftTargets() {}

    /** The batch's soft targets: label-smoothed, then mixed by the batch's share when it was mixed. */
    public static float[] of(BatchStream.Batch batch, int numClasses, double smoothing) {
        float[] own = smoothed(batch.labels(), numClasses, smoothing);
        if (batch.share() >= 1f) {
            return own;
        }
        float[] partner = smoothed(batch.partners(), numClasses, smoothing);
        for (int k = 0; k < own.length; k++) {
            own[k] = batch.share() * own[k] + (1 - batch.share()) * partner[k];
        }
        return own;
    }

    static float[] smoothed(int[] labels, int numClasses, double smoothing) {
        float off = (float) (smoothing / numClasses);
        float on = (float) (1 - smoothing) + off;
        float[] t = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            Arrays.fill(t, i * numClasses, (i + 1) * numClasses, off);
            t[i * numClasses + labels[i]] = on;
        }
        return t;
    }
}
