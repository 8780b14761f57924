package io.clothify.training;

import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.training.loop.EpochRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * What a training run produced.
 *
 * @param artifact the artifact folder
 * @param metadata the artifact's metadata (test metrics included when there was a test split)
 * @param history every epoch's figures, including those of a run this one resumed
 * @param resumedFromEpoch the number of epochs a checkpoint had already completed (0 for a fresh run)
 * @param seconds wall time of this process's run
 */
public record TrainingOutcome(Path artifact, ArtifactMetadata metadata, List<EpochRecord> history,
        int resumedFromEpoch, double seconds) {}
