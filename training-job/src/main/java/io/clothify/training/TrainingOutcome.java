package io.clothify.training;

import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.training.loop.EpochRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a training run produced.
 *
 * @param artifact the artifact folder
 * @param metadata the artifact's metadata (test metrics included when there was a test split)
 * @param history every epoch's figures, including those of a run this one resumed
 * @param resumedFromEpoch the number of epochs a checkpoint had already completed (0 for a fresh run)
 * @param seconds wall time of this process's run (data loading and evaluation included)
 * @param trainImagesPerSecond images per second of the training passes (forward, backward, update, with the
 *     augmentation running beside them; validation excluded)
 */
public record TrainingOutcome(Path artifact, ArtifactMetadata metadata, List<EpochRecord> history,
        int resumedFromEpoch, double seconds, double trainImagesPerSecond) {

    /** One line for benchmarks: {@code summary key=value ...}. */
    public String summaryLine() {
        double test = metadata.testMetrics() == null ? Double.NaN : metadata.testMetrics().accuracy();
        return String.format(Locale.ROOT,
                "summary model=%s dataset=%s test_accuracy=%.4f val_accuracy=%.4f parameters=%d epochs=%d "
                        + "wall_seconds=%.1f train_images_per_second=%.1f",
                metadata.name(), metadata.dataset().name(), test, metadata.validationMetrics().accuracy(),
                metadata.trainableParameters(), history.size(), seconds, trainImagesPerSecond);
    }
}
