package io.clothify.model.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.Classification;
import io.clothify.model.Classifier;
import io.clothify.model.InputSpec;
import io.clothify.model.Prediction;
import io.clothify.model.arch.CompactCnn;
import io.clothify.model.arch.PhotoCnn;
import io.clothify.model.contract.ArtifactException;
import io.clothify.model.contract.TarGz;
import io.clothify.model.image.PixelImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactsTest {
    static final List<String> CLASSES = List.of("dress", "hat", "longsleeve", "outwear", "pants", "shirt",
            "shoes", "shorts", "skirt", "t-shirt");

    @TempDir
    static Path temp;
    static Path artifact;
    static PixelImage image;

    @BeforeAll
    static void writeArtifact() throws IOException {
        artifact = temp.resolve("photo");
        ModelArtifacts.createUntrained(artifact, PhotoCnn.NAME, CLASSES, InputSpec.rgb(48, 0.875), 7);
        byte[] px = new byte[60 * 50 * 3];
        new Random(1).nextBytes(px);
        image = new PixelImage(60, 50, 3, px);
    }

    @Test
    void classifierRanksEveryClassWithProbabilitiesSummingToOne() {
        try (Classifier classifier = ModelArtifacts.load(artifact)) {
            Classification result = classifier.classify(image);
            assertEquals(CLASSES.size(), result.predictions().size());
            double sum = result.predictions().stream().mapToDouble(Prediction::probability).sum();
            assertEquals(1.0, sum, 1e-4);
            for (int i = 1; i < result.predictions().size(); i++) {
                assertTrue(result.predictions().get(i - 1).probability()
                        >= result.predictions().get(i).probability());
            }
            assertEquals(3, result.topK(3).size());
            assertEquals("djl", classifier.info().kind());
            assertEquals(CLASSES, classifier.info().classNames());
        }
    }

    @Test
    void archiveRoundTripGivesTheSamePredictions() throws IOException {
        Path archive = temp.resolve("round-trip/model.tar.gz");
        TarGz.pack(artifact, archive);
        try (Classifier fromDir = ModelArtifacts.load(artifact);
                Classifier fromArchive = ModelArtifacts.load(archive)) {
            assertEquals(fromDir.classify(image), fromArchive.classify(image));
        }
        byte[] first = Files.readAllBytes(archive);
        TarGz.pack(artifact, archive);
        assertTrue(Arrays.equals(first, Files.readAllBytes(archive)), "archives must be reproducible");
    }

    @Test
    void aChannelFolderAndAnArchiveHoldingOneFolderLoadTheSameNetwork() throws IOException, InterruptedException {
        Path channel = Files.createDirectories(temp.resolve("input/data/model"));
        TarGz.pack(artifact, channel.resolve(ModelArtifacts.ARCHIVE_NAME));
        Path nested = temp.resolve("nested.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", nested.toString(), "-C", temp.toString(),
                artifact.getFileName().toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        try (Classifier fromDir = ModelArtifacts.load(artifact);
                Classifier fromChannel = ModelArtifacts.load(channel);
                Classifier fromNested = ModelArtifacts.load(nested)) {
            assertEquals(fromDir.classify(image), fromChannel.classify(image));
            assertEquals(fromDir.classify(image), fromNested.classify(image));
        }
    }

    @Test
    void differentSeedsGiveDifferentNetworks() throws IOException {
        Path other = temp.resolve("other-seed");
        ModelArtifacts.createUntrained(other, PhotoCnn.NAME, CLASSES, InputSpec.rgb(48, 0.875), 8);
        try (Classifier a = ModelArtifacts.load(artifact); Classifier b = ModelArtifacts.load(other)) {
            assertTrue(!a.classify(image).equals(b.classify(image)));
        }
    }

    @Test
    void corruptParametersAreRefusedWithTheirDigest() throws IOException {
        Path copy = copyOf(artifact, "corrupt");
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(copy);
        Path params = copy.resolve(metadata.parametersFile());
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(params, bytes);
        ArtifactException e = assertThrows(ArtifactException.class, () -> ModelArtifacts.load(copy));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void truncatedArchiveIsRefusedClearly() throws IOException {
        Path archive = temp.resolve("truncated/model.tar.gz");
        TarGz.pack(artifact, archive);
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));
        ArtifactException e = assertThrows(ArtifactException.class, () -> ModelArtifacts.load(archive));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void incompatibleMetadataIsNamed() throws IOException {
        Path copy = copyOf(artifact, "future");
        Path meta = copy.resolve(ModelArtifacts.METADATA_FILE);
        Files.writeString(meta, Files.readString(meta).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
        ArtifactException e = assertThrows(ArtifactException.class, () -> ModelArtifacts.load(copy));
        assertTrue(e.getMessage().contains("format version 99"), e.getMessage());

        Path wrongShape = copyOf(artifact, "wrong-shape");
        Path meta2 = wrongShape.resolve(ModelArtifacts.METADATA_FILE);
        Files.writeString(meta2, Files.readString(meta2).replace("\"photo-cnn\"", "\"compact-cnn\"")
                .replaceAll("\"args\" : \\{[^}]*}", "\"args\" : {\"widths\":[8],\"dropout\":0.1}"));
        ArtifactException e2 = assertThrows(ArtifactException.class, () -> ModelArtifacts.load(wrongShape));
        assertTrue(e2.getMessage().contains("do not fit " + CompactCnn.NAME), e2.getMessage());
    }

    @Test
    void missingMetadataSaysItIsNotAnArtifact() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        ArtifactException e = assertThrows(ArtifactException.class, () -> ModelArtifacts.load(empty));
        assertTrue(e.getMessage().contains("metadata.json"), e.getMessage());
    }

    private static Path copyOf(Path dir, String name) throws IOException {
        Path target = Files.createDirectories(temp.resolve(name));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }
}
