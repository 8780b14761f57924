package io.clothify.model.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import io.clothify.model.Classifier;
import io.clothify.model.InputSpec;
import io.clothify.model.Prediction;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.contract.ArtifactException;
import io.clothify.model.contract.TarGz;
import io.clothify.model.image.PixelImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A torchscript artifact carries its backbone: it loads with the file it was trained from gone. */
class BundledBackboneTest {
    static final List<String> CLASSES = List.of("hat", "pants", "shoes");

    @TempDir
    Path temp;

    /** Writes an artifact whose backbone is a copy of the tiny fixture, then deletes that copy. */
    private Path writeArtifact() throws IOException, URISyntaxException {
        Path original = temp.resolve("elsewhere/tiny.pt");
        Files.createDirectories(original.getParent());
        Files.copy(Path.of(getClass().getResource("/backbone/tiny-backbone.pt").toURI()), original);
        ArchitectureSpec spec = Architectures.spec(TorchScriptNet.NAME,
                new TorchScriptNet.Config(original.toString(), null, 8, 0.2));
        InputSpec input = InputSpec.rgb(32, 0.875);
        Path dir = temp.resolve("artifact");
        Engine.getEngine("PyTorch").setRandomSeed(3);
        try (Model model = Model.newInstance("t", "PyTorch")) {
            Block block = Architectures.build(spec, CLASSES.size());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, Architectures.inputShape(input));
            ModelArtifacts.save(model, new ArtifactMetadata(ArtifactMetadata.FORMAT_VERSION,
                    ArtifactMetadata.KIND_DJL, "t", "v1", spec, CLASSES, input, null, null,
                    Architectures.trainableParameters(block), false, 0, null, null, Map.of(), null,
                    ModelArtifacts.libraryVersions(), Instant.now().toString()), dir);
        }
        Files.delete(original);
        return dir;
    }

    @Test
    void theArtifactNamesItsOwnCopyOfTheBackboneAndLoadsWithoutTheOriginal() throws Exception {
        Path dir = writeArtifact();
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(dir);
        assertEquals(BundledBackbone.FILE, metadata.architecture().args().get(TorchScriptNet.BACKBONE));
        assertEquals(ModelArtifacts.sha256(dir.resolve(BundledBackbone.FILE)),
                metadata.architecture().args().get("backboneSha256"));
        assertTrue(Files.readString(dir.resolve(ModelArtifacts.METADATA_FILE)).contains("\"backbone.pt\""));

        PixelImage image = randomImage();
        float[] fromFolder;
        try (Classifier classifier = ModelArtifacts.load(dir)) {
            fromFolder = probabilities(classifier, image);
        }
        Path archive = temp.resolve("model.tar.gz");
        TarGz.pack(dir, archive);
        Path moved = temp.resolve("moved");
        Files.move(dir, moved);
        try (Classifier classifier = ModelArtifacts.load(archive)) {
            assertArrayEquals(fromFolder, probabilities(classifier, image));
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void aChangedOrMissingBackboneIsRefused() throws Exception {
        Path dir = writeArtifact();
        Files.write(dir.resolve(BundledBackbone.FILE), new byte[] {1, 2, 3},
                java.nio.file.StandardOpenOption.APPEND);
        ArtifactException changed = assertThrows(ArtifactException.class, () -> ModelArtifacts.load(dir));
        assertTrue(changed.getMessage().contains("backbone.pt has SHA-256"), changed.getMessage());
        Files.delete(dir.resolve(BundledBackbone.FILE));
        ArtifactException missing = assertThrows(ArtifactException.class, () -> ModelArtifacts.load(dir));
        assertTrue(missing.getMessage().contains("backbone backbone.pt is missing"), missing.getMessage());
    }

    private static PixelImage randomImage() {
        byte[] px = new byte[40 * 36 * 3];
        new Random(5).nextBytes(px);
        return new PixelImage(40, 36, 3, px);
    }

    private static float[] probabilities(Classifier classifier, PixelImage image) {
        List<Prediction> predictions = classifier.classify(image).predictions().stream()
                .sorted(java.util.Comparator.comparing(Prediction::label)).toList();
        float[] p = new float[predictions.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) predictions.get(i).probability();
        }
        return p;
    }
}
