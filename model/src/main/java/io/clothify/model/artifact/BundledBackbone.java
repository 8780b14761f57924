package io.clothify.model.artifact;

import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.contract.ArtifactException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The TorchScript backbone a {@link TorchScriptNet} artifact carries ({@value #FILE}, next to the parameters), so
 * loading the artifact needs neither the network nor the file it was trained from. Other architectures pass
 * through unchanged.
 */
final class BundledBackbone {
    static final String FILE = "backbone.pt";

    private BundledBackbone() {}

    /** Copies the spec's backbone into {@code dir} (atomically) and returns the spec naming that copy. */
    static ArchitectureSpec bundle(ArchitectureSpec spec, Path dir) throws IOException {
        if (!TorchScriptNet.NAME.equals(spec.name())) {
            return spec;
        }
        Path source = dir.resolve(String.valueOf(spec.args().get(TorchScriptNet.BACKBONE)));
        Path target = dir.resolve(FILE);
        if (!Files.isRegularFile(source)) {
            throw new ArtifactException("TorchScript backbone " + source + " does not exist");
        }
        if (!Files.exists(target) || !Files.isSameFile(source, target)) {
            Path staging = Files.createTempFile(dir, ".backbone", ".tmp");
            try {
                Files.copy(source, staging, StandardCopyOption.REPLACE_EXISTING);
                Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(staging);
            }
        }
        return TorchScriptNet.withBackbone(spec, FILE, ModelArtifacts.sha256(target));
    }

    /** @throws ArtifactException if the artifact's backbone is missing, outside it, or not the one it recorded */
    static void verify(ArchitectureSpec spec, Path dir) {
        if (!TorchScriptNet.NAME.equals(spec.name())) {
            return;
        }
        Object name = spec.args().get(TorchScriptNet.BACKBONE);
        Path file = dir.resolve(String.valueOf(name)).normalize();
        if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new ArtifactException("Corrupt artifact " + dir + ": its TorchScript backbone " + name
                    + " is missing");
        }
        Object recorded = spec.args().get("backboneSha256");
        String actual = ModelArtifacts.sha256(file);
        if (recorded == null || !actual.equalsIgnoreCase(recorded.toString())) {
            throw new ArtifactException("Corrupt artifact " + dir + ": " + name + " has SHA-256 " + actual
                    + " but the metadata records " + recorded);
        }
    }
}
