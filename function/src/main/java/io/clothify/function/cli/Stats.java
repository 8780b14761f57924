package io.clothify.function.cli;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of latencies. */
final class Stats {
    private Stats() {}

    /** The {@code p}-th percentile (nearest rank) of {@code values}, or NaN when empty. */
    static double percentile(Collection<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
