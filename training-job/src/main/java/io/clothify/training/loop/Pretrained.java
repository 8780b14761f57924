package io.clothify.training.loop;

import ai.djl.Model;
import ai.djl.nn.Block;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.artifact.OpenedArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pretrained artifact to fine-tune from: its backbone's parameters are copied into the new network (whose
 * head may have a different number of classes).
 */
public final class Pretrained implements AutoCloseable {
    private final ArtifactMetadata metadata;
    private final Model model;
    private final OpenedArtifact artifact;

    private Pretrained(ArtifactMetadata metadata, Model model, OpenedArtifact artifact) {
        this.metadata = metadata;
        this.model = model;
        this.artifact = artifact;
    }

    /**
     * Opens an artifact folder, a model.tar.gz, or a folder holding one (a SageMaker channel); null for an empty
     * path (training from scratch).
     */
    public static Pretrained open(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        Path location = Path.of(path);
        if (!Files.isDirectory(location) && !Files.isRegularFile(location)) {
            throw new IllegalArgumentException("Invalid hyperparameter pretrained='" + path
                    + "': no artifact folder or model.tar.gz there");
        }
        OpenedArtifact artifact = OpenedArtifact.open(location);
        try {
            ArtifactMetadata metadata = ModelArtifacts.readMetadata(artifact.root());
            Model model = ModelArtifacts.loadModel(artifact.root(), metadata);
            // a torchscript network is rebuilt from the backbone inside this artifact, which stays open for the run
            return new Pretrained(metadata.withArchitecture(TorchScriptNet.resolvedAgainst(metadata.architecture(),
                    artifact.root().toAbsolutePath())), model, artifact);
        } catch (RuntimeException e) {
            artifact.close();
            throw e;
        }
    }

    public ArtifactMetadata metadata() {
        return metadata;
    }

    /** Copies the backbone's parameters into {@code network} (built from the same architecture). */
    public void copyBackboneInto(Block network) {
        Parameters.copy(Architectures.backbone(model.getBlock()), Architectures.backbone(network));
    }

    /** Loads checkpoint parameters ({@code last}) into a training model, in place. */
    public static void loadInto(Model training, Checkpoints checkpoints, ArchitectureSpec architecture,
            int numClasses) throws IOException {
        try (Model saved = Model.newInstance("checkpoint", "PyTorch")) {
            // loaded without initializing first: a TorchScript module listed before loading would list the
            // parameters of the module the load replaces, not the checkpoint's
            saved.setBlock(Architectures.build(architecture, numClasses));
            checkpoints.load(saved, Checkpoints.LAST);
            Parameters.copy(saved.getBlock(), training.getBlock());
        }
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            artifact.close();
        }
    }
}
