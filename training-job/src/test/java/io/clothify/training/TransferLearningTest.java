package io.clothify.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Block;
import io.clothify.model.Classifier;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.contract.TarGz;
import io.clothify.training.config.Hyperparameters;
import io.clothify.training.data.DataLocation;
import io.clothify.training.data.DatasetKind;
import io.clothify.training.loop.Pretrained;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfer learning from a TorchScript backbone (the tiny traced fixture) on the clothing fixtures. */
class TransferLearningTest {
    static final Map<String, String> HEAD = Map.of("backbone", Fixtures.tinyBackbone().toString(),
            "image_size", "32", "epochs", "15", "batch_size", "16", "learning_rate", "0.1", "inner_size", "16",
            "dropout", "0", "augment", "flip", "threads", "2", "seed", "3");

    @TempDir
    static Path temp;
    static TrainingOutcome frozen;

    @BeforeAll
    static void trainAHeadOverTheFrozenBackbone() throws IOException {
        frozen = train("frozen", Map.of("freeze_backbone", "true"));
    }

    static TrainingOutcome train(String name, Map<String, String> overrides) throws IOException {
        Map<String, String> hp = new HashMap<>(HEAD);
        hp.putAll(overrides);
        return TrainingRunTest.run(DataLocation.fromDataDir(Fixtures.clothing()), temp.resolve(name), hp,
                new ByteArrayOutputStream());
    }

    @Test
    void theHeadLearnsAndTheFrozenBackboneKeepsItsWeights() {
        assertTrue(frozen.history().getLast().trainLoss() < frozen.history().getFirst().trainLoss() - 0.05,
                "train loss did not fall: " + frozen.history());
        assertEquals(original(), backboneWeights(frozen.artifact()), "frozen backbone weights changed");
    }

    @Test
    void anUnfrozenBackboneIsTrainedToo() throws IOException {
        TrainingOutcome unfrozen = train("unfrozen", Map.of("epochs", "2"));
        List<List<Float>> before = original();
        List<List<Float>> after = backboneWeights(unfrozen.artifact());
        assertEquals(before.size(), after.size());
        assertFalse(before.equals(after), "unfrozen backbone weights did not change");
    }

    @Test
    void theArtifactSaysWhatItWasBuiltFromAndItsParametersCarryTheBackbone() throws IOException {
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(frozen.artifact());
        assertEquals(TorchScriptNet.NAME, metadata.architecture().name());
        assertFalse(metadata.architecture().args().containsKey(TorchScriptNet.BACKBONE),
                "an artifact names no backbone file: " + metadata.architecture());
        assertEquals(16, metadata.architecture().args().get("innerSize"));
        try (Stream<Path> files = Files.list(frozen.artifact())) {
            assertEquals(List.of("model-0000.params"), files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".params") || f.endsWith(".pt")).toList());
        }
        assertEquals(Fixtures.tinyBackbone().toString(), metadata.hyperparameters().get("backbone"));
        assertEquals(true, metadata.hyperparameters().get("freeze_backbone"));
        assertFalse(metadata.hyperparameters().containsKey("widths"));
        InputSpec imageNet = InputSpec.rgb(32, 0.875);
        assertEquals(imageNet.mean(), metadata.input().mean());
        assertEquals(imageNet.std(), metadata.input().std());
        assertEquals(32, metadata.input().width());
    }

    @Test
    void servingTheArchiveReproducesTheTestAccuracyTrainingRecorded() throws IOException {
        ArtifactMetadata metadata = frozen.metadata();
        Path archive = temp.resolve("archive/model.tar.gz");
        TarGz.pack(frozen.artifact(), archive);
        int correct = 0;
        int total = 0;
        try (Classifier fromArchive = ModelArtifacts.load(archive);
                Classifier fromFolder = ModelArtifacts.load(frozen.artifact())) {
            for (String label : metadata.classNames()) {
                try (Stream<Path> files = Files.list(Fixtures.clothing().resolve("test").resolve(label))) {
                    for (Path f : files.toList()) {
                        byte[] photo = Files.readAllBytes(f);
                        assertEquals(fromFolder.classify(photo).predictions(),
                                fromArchive.classify(photo).predictions());
                        correct += fromArchive.classify(photo).top().label().equals(label) ? 1 : 0;
                        total++;
                    }
                }
            }
        }
        assertEquals(20, total);
        assertEquals(metadata.testMetrics().accuracy(), correct / (double) total, 1e-9);
    }

    @Test
    void aTorchScriptArtifactCanBeFineTunedFromItsArchive() throws IOException {
        TrainingOutcome source = train("source", Map.of("freeze_backbone", "false", "epochs", "1"));
        List<List<Float>> trained = backboneWeights(source.artifact());
        assertFalse(original().equals(trained), "the source's backbone did not change");
        Path archive = temp.resolve("pretrained/model.tar.gz");
        TarGz.pack(source.artifact(), archive);
        Map<String, String> hp = new HashMap<>(HEAD);
        hp.remove("backbone");
        hp.put("pretrained", archive.toString());
        hp.put("freeze_backbone", "true");
        hp.put("epochs", "1");
        TrainingOutcome tuned = TrainingRunTest.run(DataLocation.fromDataDir(Fixtures.clothing()),
                temp.resolve("tuned"), hp, new ByteArrayOutputStream());
        assertEquals(TorchScriptNet.NAME, tuned.metadata().architecture().name());
        assertFalse(tuned.metadata().architecture().args().containsKey(TorchScriptNet.BACKBONE));
        // a resumed run must see the architecture its checkpoints recorded, though the archive is unpacked afresh
        ArchitectureSpec first;
        try (Pretrained pretrained = Pretrained.open(archive.toString())) {
            first = pretrained.metadata().architecture();
            assertTrue(Files.isRegularFile(Path.of(first.args().get(TorchScriptNet.BACKBONE).toString())));
        }
        try (Pretrained again = Pretrained.open(archive.toString())) {
            assertEquals(first, again.metadata().architecture());
        }
        assertFalse(Files.exists(Path.of(first.args().get(TorchScriptNet.BACKBONE).toString())),
                "the module file outlived its run");
        assertEquals(trained, backboneWeights(tuned.artifact()), "the frozen backbone is not the one trained");
    }

    @Test
    void anArtifactOfTheFirstLayoutCanBeFineTuned() throws IOException {
        Map<String, String> hp = new HashMap<>(HEAD);
        hp.remove("backbone");
        hp.put("pretrained", Fixtures.legacyTorchScriptArtifact().toString());
        hp.put("epochs", "1");
        hp.put("freeze_backbone", "true");
        TrainingOutcome tuned = TrainingRunTest.run(DataLocation.fromDataDir(Fixtures.clothing()),
                temp.resolve("from-legacy"), hp, new ByteArrayOutputStream());
        assertEquals(TorchScriptNet.NAME, tuned.metadata().architecture().name());
        assertFalse(tuned.metadata().architecture().args().containsKey("backboneSha256"), "saved in today's layout");
        assertEquals(backboneWeights(Fixtures.legacyTorchScriptArtifact()), backboneWeights(tuned.artifact()),
                "the frozen backbone is the legacy artifact's");
    }

    @Test
    void badBackbonesAreRefusedWithWhatToDo() {
        IllegalArgumentException offline = assertThrows(IllegalArgumentException.class, () -> resolve(
                Map.of("backbone", "djl://ai.djl.pytorch/resnet18_embedding")));
        assertTrue(offline.getMessage().contains("ai.djl.offline=true")
                && offline.getMessage().contains("backbone=/path/to/backbone.pt"), offline.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> resolve(Map.of("architecture", "torchscript")));
        assertTrue(missing.getMessage().contains("needs backbone="), missing.getMessage());
        IllegalArgumentException otherNet = assertThrows(IllegalArgumentException.class, () -> resolve(
                Map.of("architecture", "photo-cnn", "backbone", Fixtures.tinyBackbone().toString())));
        assertTrue(otherNet.getMessage().contains("backbone applies to torchscript"), otherNet.getMessage());
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class,
                () -> resolve(Map.of("backbone", "/nonexistent/backbone.pt")));
        assertTrue(noFile.getMessage().contains("no such TorchScript file"), noFile.getMessage());
        assertEquals(TorchScriptNet.NAME, resolve(Map.of("backbone", Fixtures.tinyBackbone().toString()))
                .architecture());
    }

    private static Hyperparameters resolve(Map<String, String> given) {
        return Hyperparameters.resolve(given, DatasetKind.IMAGE_FOLDERS, "clothing");
    }

    /** The weights of the traced backbone as the fixture holds them. */
    static List<List<Float>> original() {
        try (Model model = Model.newInstance("original", "PyTorch")) {
            model.setBlock(Architectures.build(Hyperparameters.resolve(HEAD, DatasetKind.IMAGE_FOLDERS, "clothing")
                    .architectureSpec(), 10, model.getNDManager()));
            return weights(Architectures.backbone(model.getBlock()));
        }
    }

    static List<List<Float>> backboneWeights(Path artifact) {
        try (Model model = ModelArtifacts.loadModel(artifact, ModelArtifacts.readMetadata(artifact))) {
            return weights(Architectures.backbone(model.getBlock()));
        }
    }

    private static List<List<Float>> weights(Block block) {
        List<List<Float>> all = new ArrayList<>();
        block.getParameters().values().forEach(p -> {
            List<Float> values = new ArrayList<>();
            for (float v : p.getArray().toFloatArray()) {
                values.add(v);
            }
            all.add(values);
        });
        return all;
    }
}
