package io.clothify.model.contract;

import java.util.Locale;
import java.util.Map;

/**
 * The training job's log lines, one per epoch and one for the final test evaluation, in a stable format that
 * SageMaker metric definitions (and hyperparameter tuning objectives) parse with {@link #METRIC_REGEXES}.
 *
 * <pre>
 * epoch=3/30 train_loss=0.4123 train_accuracy=0.8512 val_loss=0.3921 val_accuracy=0.8610 lr=0.001000 seconds=12.3
 * test_loss=0.3511 test_accuracy=0.8710
 * </pre>
 */
public final class TrainingLog {
    /** SageMaker metric name to the regex whose first group is the value. */
    public static final Map<String, String> METRIC_REGEXES = Map.of(
            "train:loss", "train_loss=([0-9.eE+-]+)",
            "train:accuracy", "train_accuracy=([0-9.eE+-]+)",
            "validation:loss", "val_loss=([0-9.eE+-]+)",
            "validation:accuracy", "val_accuracy=([0-9.eE+-]+)",
            "test:loss", "test_loss=([0-9.eE+-]+)",
            "test:accuracy", "test_accuracy=([0-9.eE+-]+)");

    /** The metric a tuning job maximizes. */
    public static final String TUNING_OBJECTIVE = "validation:accuracy";
    /** The metric the promotion gate compares. */
    public static final String GATE_METRIC = "test:accuracy";

    private TrainingLog() {}

    public static String epochLine(int epoch, int epochs, double trainLoss, double trainAccuracy,
            double valLoss, double valAccuracy, double learningRate, double seconds) {
        return String.format(Locale.ROOT,
                "epoch=%d/%d train_loss=%.4f train_accuracy=%.4f val_loss=%.4f val_accuracy=%.4f lr=%.6f seconds=%.1f",
                epoch, epochs, trainLoss, trainAccuracy, valLoss, valAccuracy, learningRate, seconds);
    }

    public static String testLine(double testLoss, double testAccuracy) {
        return String.format(Locale.ROOT, "test_loss=%.4f test_accuracy=%.4f", testLoss, testAccuracy);
    }
}
