package io.clothify.model.artifact;

import io.clothify.model.contract.ArtifactException;
import io.clothify.model.contract.TarGz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * An artifact's files as a folder, wherever they came from: an artifact folder (used in place), a {@code .tar.gz}
 * (unpacked into a fresh temporary folder), or a folder holding {@value ModelArtifacts#ARCHIVE_NAME} and no
 * {@value ModelArtifacts#METADATA_FILE} (a SageMaker channel; the archive is unpacked). Closing deletes what was
 * unpacked and never touches a folder used in place. No DJL here.
 */
public final class OpenedArtifact implements AutoCloseable {
    private final Path root;
    private final Path unpacked;

    private OpenedArtifact(Path root, Path unpacked) {
        this.root = root;
        this.unpacked = unpacked;
    }

    /**
     * Opens an artifact folder, archive or channel; the caller closes it.
     *
     * @throws ArtifactException if nothing is there, or the archive is corrupt, truncated or unsafe (then nothing
     *         is left behind)
     */
    public static OpenedArtifact open(Path location) {
        return open(location, null);
    }

    /** As {@link #open(Path)}, unpacking under {@code temporaryParent} (the system's temporary folder when null). */
    static OpenedArtifact open(Path location, Path temporaryParent) {
        Path source = location;
        if (Files.isDirectory(location) && !Files.exists(location.resolve(ModelArtifacts.METADATA_FILE))
                && Files.isRegularFile(location.resolve(ModelArtifacts.ARCHIVE_NAME))) {
            source = location.resolve(ModelArtifacts.ARCHIVE_NAME);
        }
        if (Files.isDirectory(source)) {
            return new OpenedArtifact(source, null);
        }
        if (!Files.isRegularFile(source)) {
            throw new ArtifactException("No model artifact at " + location);
        }
        Path unpacked = createTemporaryFolder(temporaryParent);
        try {
            TarGz.unpack(source, unpacked);
            return new OpenedArtifact(singleRoot(unpacked), unpacked);
        } catch (RuntimeException e) {
            AtomicFiles.deleteRecursively(unpacked);
            throw e;
        }
    }

    /** The folder holding the artifact's files; valid until {@link #close()}. */
    public Path root() {
        return root;
    }

    /** Whether the files were unpacked from an archive (and are deleted on close). */
    public boolean unpacked() {
        return unpacked != null;
    }

    /** Deletes the unpacked files, if any. Safe to call more than once. */
    @Override
    public void close() {
        AtomicFiles.deleteRecursively(unpacked);
    }

    private static Path createTemporaryFolder(Path parent) {
        try {
            return parent == null ? Files.createTempDirectory("clothify-model")
                    : Files.createTempDirectory(parent, "clothify-model");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An archive may hold the artifact at its top or inside one folder (e.g. {@code tar czf m.tar.gz model/}). */
    private static Path singleRoot(Path unpacked) {
        try (Stream<Path> children = Files.list(unpacked)) {
            List<Path> list = children.toList();
            return list.size() == 1 && Files.isDirectory(list.getFirst()) ? list.getFirst() : unpacked;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
