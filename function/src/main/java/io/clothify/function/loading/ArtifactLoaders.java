package io.clothify.function.loading;

import io.clothify.function.savedmodel.SavedModelClassifier;
import io.clothify.function.savedmodel.SavedModelMetadata;
import io.clothify.model.Classification;
import io.clothify.model.Classifier;
import io.clothify.model.ModelInfo;
import io.clothify.model.artifact.ArtifactException;
import io.clothify.model.artifact.AtomicFiles;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.image.PixelImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Loads either artifact kind, from a directory or a {@code .tar.gz}: this project's DJL artifact
 * ({@code metadata.json} + parameters, on PyTorch) or a TensorFlow/Keras SavedModel ({@code saved_model.pb} +
 * {@value SavedModelMetadata#FILE_NAME}, on TensorFlow).
 */
public final class ArtifactLoaders {
    private ArtifactLoaders() {}

    /** The loader that tells the kinds apart. */
    public static ClassifierLoader detecting() {
        return ArtifactLoaders::load;
    }

    static Classifier load(Path artifact) {
        if (Files.isDirectory(artifact)) {
            return SavedModelMetadata.isSavedModel(artifact)
                    ? SavedModelClassifier.load(artifact, () -> {})
                    : ModelArtifacts.load(artifact);
        }
        if (!Files.isRegularFile(artifact)) {
            throw new ArtifactException("No model artifact at " + artifact);
        }
        Path unpacked = ModelArtifacts.unpackToTemporaryFolder(artifact);
        try {
            Path root = singleRoot(unpacked);
            if (SavedModelMetadata.isSavedModel(root)) {
                return SavedModelClassifier.load(root, () -> AtomicFiles.deleteRecursively(unpacked));
            }
            return new DeletingOnClose(ModelArtifacts.load(root), unpacked);
        } catch (RuntimeException e) {
            AtomicFiles.deleteRecursively(unpacked);
            throw e;
        }
    }

    /** An archive may hold the artifact at its top or inside one folder (e.g. {@code tar czf m.tar.gz model/}). */
    private static Path singleRoot(Path unpacked) {
        try (Stream<Path> children = Files.list(unpacked)) {
            var list = children.toList();
            if (list.size() == 1 && Files.isDirectory(list.getFirst())) {
                return list.getFirst();
            }
            return unpacked;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A classifier that deletes its unpacked folder once closed. */
    private record DeletingOnClose(Classifier delegate, Path folder) implements Classifier {
        @Override
        public ModelInfo info() {
            return delegate.info();
        }

        @Override
        public Classification classify(PixelImage image) {
            return delegate.classify(image);
        }

        @Override
        public void close() {
            delegate.close();
            AtomicFiles.deleteRecursively(folder);
        }
    }
}
