package io.clothify.model.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.contract.ArtifactException;
import io.clothify.model.contract.TarGz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of location opens to a folder of the artifact's files, and closing leaves nothing unpacked behind. */
class OpenedArtifactTest {
    @TempDir
    Path temp;
    Path unpackedUnder;
    Path folder;

    @BeforeEach
    void writeArtifactFolder() throws IOException {
        unpackedUnder = Files.createDirectories(temp.resolve("tmp"));
        folder = Files.createDirectories(temp.resolve("artifact"));
        Files.writeString(folder.resolve(ModelArtifacts.METADATA_FILE), "{\"name\":\"m\"}");
        Files.writeString(folder.resolve("model-0000.params"), "parameters");
    }

    @Test
    void aFolderIsUsedInPlaceAndKeptOnClose() {
        try (OpenedArtifact artifact = OpenedArtifact.open(folder, unpackedUnder)) {
            assertEquals(folder, artifact.root());
            assertFalse(artifact.unpacked());
        }
        assertTrue(Files.isRegularFile(folder.resolve(ModelArtifacts.METADATA_FILE)));
        assertEquals(0, count(unpackedUnder));
    }

    @Test
    void anArchiveIsUnpackedAndDeletedOnClose() throws IOException {
        Path archive = temp.resolve("anywhere/named.tar.gz");
        TarGz.pack(folder, archive);
        Path root;
        try (OpenedArtifact artifact = OpenedArtifact.open(archive, unpackedUnder)) {
            root = artifact.root();
            assertTrue(artifact.unpacked());
            assertTrue(root.startsWith(unpackedUnder), root.toString());
            assertEquals("parameters", Files.readString(root.resolve("model-0000.params")));
        }
        assertFalse(Files.exists(root));
        assertEquals(0, count(unpackedUnder));
        assertTrue(Files.isRegularFile(archive), "the archive itself stays");
    }

    @Test
    void aChannelFolderHoldingModelTarGzOpensTheArchive() throws IOException {
        Path channel = Files.createDirectories(temp.resolve("input/data/pretrained"));
        TarGz.pack(folder, channel.resolve(ModelArtifacts.ARCHIVE_NAME));
        try (OpenedArtifact artifact = OpenedArtifact.open(channel, unpackedUnder)) {
            assertTrue(artifact.unpacked());
            assertEquals("{\"name\":\"m\"}", Files.readString(artifact.root().resolve(ModelArtifacts.METADATA_FILE)));
        }
        assertEquals(0, count(unpackedUnder));
    }

    @Test
    void aFolderWithItsOwnMetadataIsNotAChannelEvenBesideAnArchive() throws IOException {
        TarGz.pack(folder, temp.resolve("packed.tar.gz"));
        Files.copy(temp.resolve("packed.tar.gz"), folder.resolve(ModelArtifacts.ARCHIVE_NAME));
        try (OpenedArtifact artifact = OpenedArtifact.open(folder, unpackedUnder)) {
            assertEquals(folder, artifact.root());
        }
    }

    @Test
    void anArchiveHoldingOneFolderOpensThatFolder() throws IOException {
        Path wrapper = Files.createDirectories(temp.resolve("wrapper"));
        Files.move(folder, wrapper.resolve("model"));
        Path archive = temp.resolve("nested.tar.gz");
        tar(archive, wrapper, "model");
        try (OpenedArtifact artifact = OpenedArtifact.open(archive, unpackedUnder)) {
            assertEquals("model", artifact.root().getFileName().toString());
            assertTrue(Files.isRegularFile(artifact.root().resolve(ModelArtifacts.METADATA_FILE)));
        }
        assertEquals(0, count(unpackedUnder));
    }

    @Test
    void nothingThereIsNamed() {
        Path missing = temp.resolve("missing.tar.gz");
        ArtifactException e = assertThrows(ArtifactException.class, () -> OpenedArtifact.open(missing, unpackedUnder));
        assertTrue(e.getMessage().contains("No model artifact at " + missing), e.getMessage());
        assertEquals(0, count(unpackedUnder));
    }

    @Test
    void aBrokenArchiveLeavesNothingBehind() throws IOException {
        Path archive = temp.resolve("broken.tar.gz");
        Files.writeString(folder.resolve("padding.bin"), "q".repeat(100_000));
        TarGz.pack(folder, archive);
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));
        ArtifactException e = assertThrows(ArtifactException.class, () -> OpenedArtifact.open(archive, unpackedUnder));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(0, count(unpackedUnder));
    }

    private static long count(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void tar(Path archive, Path dir, String entry) throws IOException {
        try {
            Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", dir.toString(), entry)
                    .inheritIO().start();
            assertEquals(0, tar.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
