package io.clothify.training.loop;

import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a checkpoint belong to a run: parameters saved for another network, class list, input or dataset
 * would load without error and silently train the wrong model, so a resumed run checks all four.
 */
public record RunIdentity(ArchitectureSpec architecture, List<String> classNames, InputSpec input,
        String datasetFingerprint) {

    /** @throws IllegalArgumentException if {@code saved} was written by a different run */
    public void requireSameRun(Checkpoints.State saved, Checkpoints checkpoints) {
        List<String> differences = new ArrayList<>();
        if (!architecture.equals(saved.architecture())) {
            differences.add("architecture " + saved.architecture() + " vs " + architecture);
        }
        if (!classNames.equals(saved.classNames())) {
            differences.add("classes " + saved.classNames() + " vs " + classNames);
        }
        if (!input.equals(saved.input())) {
            differences.add("input " + saved.input() + " vs " + input);
        }
        if (!datasetFingerprint.equals(saved.datasetFingerprint())) {
            differences.add("dataset fingerprint");
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("The checkpoint in " + checkpoints.dir()
                    + " belongs to a different run (" + String.join("; ", differences)
                    + "); use an empty checkpoint folder");
        }
    }
}
