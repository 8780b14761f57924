package io.clothify.training.finetune;

import io.clothify.model.arch.TorchScriptNet;
import io.clothify.training.config.Hyperparameters;
import java.util.ArrayList;
import java.util.List;

/**
 * How a pretrained backbone is trained, from the hyperparameters: frozen for its first epochs (the course's recipe
 * trains the new head alone first), then its last stages at their own peak learning rate.
 *
 * @param frozenEpochs the epochs (from the first) in which the backbone is frozen: 0 = none, {@link #WHOLE_RUN}
 * @param stages how many of the backbone's last top-level stages train once it is unfrozen; 0 = all
 * @param rateFactor the backbone's learning rate as a multiple of the head's, at every step of the schedule
 */
public record FineTuning(int frozenEpochs, int stages, double rateFactor) {
    public static final int WHOLE_RUN = Integer.MAX_VALUE;

    /**
     * The plan the hyperparameters describe: {@code unfreeze_after=N} freezes the first N epochs,
     * {@code freeze_backbone=true} alone the whole run, neither none (the backbone trains from the start).
     *
     * @throws IllegalArgumentException naming the hyperparameters, for settings that would have no effect: the
     *     unfreezing ones without a pretrained backbone, or with a backbone frozen for the whole run
     */
    public static FineTuning of(Hyperparameters hp) {
        List<String> unfreezing = new ArrayList<>();
        if (hp.unfreezeAfter() > 0) {
            unfreezing.add("unfreeze_after=" + hp.unfreezeAfter());
        }
        if (hp.unfreezeStages() > 0) {
            unfreezing.add("unfreeze_stages=" + hp.unfreezeStages());
        }
        if (hp.backboneLearningRate() != null) {
            unfreezing.add("backbone_learning_rate=" + hp.backboneLearningRate());
        }
        boolean hasBackbone = TorchScriptNet.NAME.equals(hp.architecture()) || !hp.pretrained().isEmpty();
        if (!hasBackbone && !unfreezing.isEmpty()) {
            throw new IllegalArgumentException("Invalid hyperparameters " + String.join(", ", unfreezing)
                    + ": they apply to a pretrained backbone (backbone=<TorchScript file> or pretrained=<artifact>),"
                    + " and " + hp.architecture() + " is trained from scratch");
        }
        if (hp.freezeBackbone() && hp.unfreezeAfter() == 0 && !unfreezing.isEmpty()) {
            throw new IllegalArgumentException("Invalid hyperparameters " + String.join(", ", unfreezing)
                    + ": freeze_backbone=true keeps the backbone frozen for the whole run; add unfreeze_after=N to"
                    + " train it after N epochs");
        }
        int frozen = hp.unfreezeAfter() > 0 ? hp.unfreezeAfter() : hp.freezeBackbone() ? WHOLE_RUN : 0;
        return new FineTuning(frozen, hp.unfreezeStages(), hp.effectiveBackboneLearningRate() / hp.learningRate());
    }

    /** Whether the backbone (its chosen stages) trains in this 1-based epoch: derived from the epoch alone. */
    public boolean backboneTrainsIn(int epoch) {
        return epoch > frozenEpochs;
    }
}
