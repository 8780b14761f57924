package io.clothify.model.image;

/**
 * How far apart two tensors of the same image are, in 0..255 sample units (a normalized value times 255 and the
 * ImageNet std, about 0.226): what the tests of size independence state their tolerance in.
 */
record SampleDifference(double mean, double max) {

    static SampleDifference between(float[] a, float[] b) {
        double sum = 0;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]) * 255 * 0.226;
            sum += d;
            max = Math.max(max, d);
        }
        return new SampleDifference(sum / a.length, max);
    }

    /** Within the tolerance of a photo decoded at a reduced scale: mean 1 and max 20 sample units. */
    boolean withinReducedScaleTolerance() {
        return mean < 1.0 && max < 20;
    }
}
