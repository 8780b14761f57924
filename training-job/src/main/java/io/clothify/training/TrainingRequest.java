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
 * @param version the artifact's version (SageMaker: the training job's name); null for a timestamped one
 */
public record TrainingRequest(DataLocation data, Path output, Path checkpoints, Map<String, String> hyperparameters,
        String version) {
    public TrainingRequest {
        hyperparameters = Map.copyOf(hyperparameters);
    }

    public TrainingRequest(DataLocation data, Path output, Path checkpoints, Map<String, String> hyperparameters) {
        this(data, output, checkpoints, hyperparameters, null);
    }
}
