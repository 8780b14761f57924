package io.clothify.function.loading;

import io.clothify.model.Classifier;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.contract.ArtifactException;
import java.nio.file.Path;

/** Loads a classifier from a local artifact (directory or archive). */
@FunctionalInterface
public interface ClassifierLoader {
    /**
     * @throws io.clothify.model.contract.ArtifactException if the artifact is corrupt, truncated or incompatible
     */
    Classifier load(Path artifact);

    /** This project's DJL artifacts. */
    static ClassifierLoader djl() {
        return ModelArtifacts::load;
    }
}
