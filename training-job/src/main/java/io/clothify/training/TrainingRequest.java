package io.clothify.training;

import io.clothify.training.data.DataLocation;
import java.nio.file.Path;
import java.util.Map;

/**
 * One training run's inputs, the same in both modes.
 *
 * @param data where the splits are
 * @param output the artifact folder to write (SageMaker: {@code /opt/ml/model})
 * @param checkpoints the checkpoint folder (SageMaker: {@code /opt/ml/checkpoints}); a run finding a checkpoint
 *     there resumes from it
 * @param hyperparameters hyperparameters by name, as strings
 */
public record TrainingRequest(DataLocation data, Path output, Path checkpoints, Map<String, String> hyperparameters) {
    public TrainingRequest {
        hyperparameters = Map.copyOf(hyperparameters);
    }
}
