package io.clothify.model.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtSymbolBlock;
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
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torchscript artifact is its metadata and one parameters file, which carries the TorchScript module as trained:
 * it loads with the file it was trained from gone, the digest guards it, the old layout (with backbone.pt) still
 * loads, and closing a loaded model frees its module.
 */
class TorchScriptArtifactTest {
    static final List<String> CLASSES = List.of("hat", "pants", "shoes");

    @TempDir
    Path temp;

    static Path resource(String name) {
        try {
            return Path.of(TorchScriptArtifactTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes an artifact over a copy of the tiny fixture backbone, deletes that copy, returns what it predicted. */
    private float[] writeArtifact(Path dir, int seed) throws IOException {
        Path original = temp.resolve("elsewhere-" + seed + "/tiny.pt");
        Files.createDirectories(original.getParent());
        Files.copy(resource("/backbone/tiny-backbone.pt"), original);
        ArchitectureSpec spec = Architectures.spec(TorchScriptNet.NAME,
                new TorchScriptNet.Config(original.toString(), 8, 0.2));
        InputSpec input = InputSpec.rgb(32, 0.875);
        Engine.getEngine("PyTorch").setRandomSeed(seed);
        float[] predicted;
        try (Model model = Model.newInstance("t", "PyTorch")) {
            Block block = Architectures.build(spec, CLASSES.size(), model.getNDManager());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, Architectures.inputShape(input));
            ArtifactMetadata saved = ModelArtifacts.save(model, new ArtifactMetadata(ArtifactMetadata.FORMAT_VERSION,
                    ArtifactMetadata.KIND_DJL, "t", "v" + seed, spec, CLASSES, input, null, null,
                    Architectures.trainableParameters(block), false, 0, null, null, Map.of(), null,
                    ModelArtifacts.libraryVersions(), Instant.now().toString()), dir);
            predicted = probabilities(new DjlClassifier(model, saved), image());
        }
        Files.delete(original);
        return predicted;
    }

    @Test
    void theParametersFileAloneCarriesTheModuleAndPredictsTheSameAfterTheArchiveRoundTrip() throws Exception {
        Path dir = temp.resolve("artifact");
        float[] beforeSaving = writeArtifact(dir, 3);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(ModelArtifacts.METADATA_FILE, "model-0000.params"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(dir);
        assertEquals(Map.of("innerSize", 8, "dropout", 0.2), metadata.architecture().args());

        try (Classifier classifier = ModelArtifacts.load(dir)) {
            assertArrayEquals(beforeSaving, probabilities(classifier, image()));
        }
        Path archive = temp.resolve("model.tar.gz");
        TarGz.pack(dir, archive);
        Files.move(dir, temp.resolve("moved"));
        try (Classifier classifier = ModelArtifacts.load(archive)) {
            assertArrayEquals(beforeSaving, probabilities(classifier, image()));
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void aChangedOrSwappedParametersFileIsRefused() throws Exception {
        Path dir = temp.resolve("artifact");
        writeArtifact(dir, 3);
        Path other = temp.resolve("other");
        writeArtifact(other, 4);
        Path params = dir.resolve("model-0000.params");
        Files.copy(other.resolve("model-0000.params"), params, StandardCopyOption.REPLACE_EXISTING);
        ArtifactException swapped = assertThrows(ArtifactException.class, () -> ModelArtifacts.load(dir));
        assertTrue(swapped.getMessage().contains("model-0000.params has SHA-256"), swapped.getMessage());
        Files.write(params, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        ArtifactException corrupt = assertThrows(ArtifactException.class, () -> ModelArtifacts.load(dir));
        assertTrue(corrupt.getMessage().contains("but the metadata records"), corrupt.getMessage());
    }

    @Test
    void anArtifactInTheOldLayoutWithBackbonePtPredictsAsItDidWhenItWasMade() throws Exception {
        Path legacy = resource("/legacy-torchscript");
        assertTrue(Files.isRegularFile(legacy.resolve("backbone.pt")));
        List<String> lines = Files.readAllLines(legacy.resolve("expected-probabilities.txt"));
        float[] expected = new float[lines.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Float.parseFloat(lines.get(i).split(" ")[1]);
        }
        try (Classifier classifier = ModelArtifacts.load(legacy)) {
            assertArrayEquals(expected, probabilities(classifier, image()));
        }
    }

    @Test
    void closingALoadedModelFreesItsModuleAndLeavesNoManagerBehind() throws Exception {
        Path dir = temp.resolve("artifact");
        writeArtifact(dir, 3);
        try (LoadedNetwork warmup = ModelArtifacts.loadNetwork(dir)) {
            assertTrue(warmup.model().getNDManager().isOpen());
        }
        int before = systemManagerResources();
        List<PtSymbolBlock> closed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try (LoadedNetwork network = ModelArtifacts.loadNetwork(dir)) {
                PtSymbolBlock module = (PtSymbolBlock) Architectures.backbone(network.model().getBlock());
                assertTrue(module.getHandle() != 0);
                assertEquals(before + 1, systemManagerResources(), "a loaded model is one manager");
                closed.add(module);
            }
        }
        assertEquals(before, systemManagerResources(), "managers left open by 5 loads");
        for (PtSymbolBlock module : closed) {
            IllegalStateException freed = assertThrows(IllegalStateException.class, module::getHandle);
            assertTrue(freed.getMessage().contains("released"), freed.getMessage());
        }
    }

    /**
     * How many resources (managers, mostly) hang directly off PyTorch's global manager. DJL exposes the count only
     * in {@code BaseNDManager.toString()} ("... Resource size: N").
     */
    static int systemManagerResources() {
        try (NDManager probe = NDManager.newBaseManager("PyTorch")) {
            String description = probe.getParentManager().toString();
            return Integer.parseInt(description.substring(description.lastIndexOf(':') + 1).trim()) - 1;
        }
    }

    private static PixelImage image() {
        byte[] px = new byte[40 * 36 * 3];
        new Random(5).nextBytes(px);
        return new PixelImage(40, 36, 3, px);
    }

    private static float[] probabilities(Classifier classifier, PixelImage image) {
        List<Prediction> predictions = classifier.classify(image).predictions().stream()
                .sorted(Comparator.comparing(Prediction::label)).toList();
        float[] p = new float[predictions.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) predictions.get(i).probability();
        }
        return p;
    }
}
