package io.clothify.function.loading;

import io.clothify.function.savedmodel.SavedModelClassifier;
import io.clothify.function.savedmodel.SavedModelMetadata;
import io.clothify.model.Classifier;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.artifact.OpenedArtifact;
import java.nio.file.Path;

/**
 * Loads either artifact kind, from anything {@link OpenedArtifact} opens (a folder, a {@code .tar.gz}, a channel
 * folder): this project's DJL artifact ({@code metadata.json} + parameters, on PyTorch) or a TensorFlow/Keras
 * SavedModel ({@code saved_model.pb} + {@value SavedModelMetadata#FILE_NAME}, on TensorFlow).
 */
public final class ArtifactLoaders {
    private ArtifactLoaders() {}

    /** The loader that tells the kinds apart. */
    public static ClassifierLoader detecting() {
        return ArtifactLoaders::load;
    }

    static Classifier load(Path location) {
        OpenedArtifact artifact = OpenedArtifact.open(location);
        try {
            if (SavedModelMetadata.isSavedModel(artifact.root())) {
                // the SavedModel keeps its folder until the classifier closes
                return SavedModelClassifier.load(artifact.root(), artifact::close);
            }
            try (artifact) {
                return ModelArtifacts.load(artifact.root());
            }
        } catch (RuntimeException e) {
            artifact.close();
            throw e;
        }
    }
}
