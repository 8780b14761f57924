package io.clothify.training.loop;

import ai.djl.Model;
import ai.djl.nn.Block;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.AtomicFiles;
import io.clothify.model.artifact.LoadedNetwork;
import io.clothify.model.artifact.ModelArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A pretrained artifact to fine-tune from: its backbone's parameters are copied into the new network (whose
 * head may have a different number of classes). A torchscript artifact's module, as trained, is written to a
 * temporary TorchScript file that the new network is built from; it is deleted on close (a network built from it
 * does not need it any more).
 */
public final class Pretrained implements AutoCloseable {
    private static final String MODULE_FILE = "backbone.pt";

    private final ArtifactMetadata metadata;
    private final Model model;
    private final Path workDir;

    private Pretrained(ArtifactMetadata metadata, Model model, Path workDir) {
        this.metadata = metadata;
        this.model = model;
        this.workDir = workDir;
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
        LoadedNetwork loaded = ModelArtifacts.loadNetwork(location);
        ArtifactMetadata metadata = loaded.metadata();
        Model model = loaded.model();
        if (!TorchScriptNet.NAME.equals(metadata.architecture().name())) {
            return new Pretrained(metadata, model, null);
        }
        // named by the parameters' digest, so a resumed run sees the same architecture spec as the run it resumes
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"),
                "clothify-pretrained-" + metadata.parametersSha256().substring(0, 16));
        try {
            Files.createDirectories(workDir);
            Path staging = Files.createTempFile(workDir, ".backbone", ".tmp");
            Path module = workDir.resolve(MODULE_FILE);
            try {
                TorchScriptNet.writeBackbone(model.getBlock(), staging);
                Files.move(staging, module, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(staging);
            }
            return new Pretrained(metadata.withArchitecture(TorchScriptNet.withBackbone(metadata.architecture(),
                    module)), model, workDir);
        } catch (IOException e) {
            model.close();
            AtomicFiles.deleteRecursively(workDir);
            throw new UncheckedIOException("Cannot write the backbone of " + path + " to a temporary file", e);
        } catch (RuntimeException e) {
            model.close();
            AtomicFiles.deleteRecursively(workDir);
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
            saved.setBlock(Architectures.forParameters(architecture, numClasses, saved.getNDManager()));
            checkpoints.load(saved, Checkpoints.LAST);
            Parameters.copy(saved.getBlock(), training.getBlock());
        }
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            AtomicFiles.deleteRecursively(workDir);
        }
    }
}
