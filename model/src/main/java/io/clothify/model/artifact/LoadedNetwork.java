package io.clothify.model.artifact;

import ai.djl.Model;

/**
 * An artifact's network in memory with its metadata ({@link ModelArtifacts#loadNetwork}); closing closes the model.
 */
public record LoadedNetwork(ArtifactMetadata metadata, Model model) implements AutoCloseable {
    @Override
    public void close() {
        model.close();
    }
}
