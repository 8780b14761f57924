package io.clothify.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.clothify.model.Classifier;
import io.clothify.model.arch.Architectures;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.contract.TarGz;
import io.clothify.model.contract.TrainingLog;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.training.data.DataLocation;
import io.clothify.training.data.Fingerprint;
import io.clothify.training.data.IdxFiles;
import io.clothify.training.data.LabelledImages;
import io.clothify.training.loop.EpochRecord;
import io.clothify.training.loop.StopSignal;
import io.clothify.training.report.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real (short) training runs on the committed fixtures. */
class TrainingRunTest {
    static final Map<String, String> SMALL_PHOTO_CNN = Map.of("architecture", "photo-cnn", "widths", "8,16,32",
            "image_size", "32", "epochs", "4", "batch_size", "16", "learning_rate", "0.005", "augment", "flip",
            "threads", "2", "seed", "3");

    @TempDir
    static Path temp;
    static TrainingOutcome clothing;
    static String clothingLog;

    @BeforeAll
    static void trainOnClothingFixture() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        clothing = run(DataLocation.fromDataDir(Fixtures.clothing()), temp.resolve("clothing"), SMALL_PHOTO_CNN,
                log);
        clothingLog = log.toString(StandardCharsets.UTF_8);
    }

    static TrainingOutcome run(DataLocation data, Path output, Map<String, String> hp, ByteArrayOutputStream log)
            throws IOException {
        PrintStream console = new PrintStream(log, true, StandardCharsets.UTF_8);
        return new TrainingRun(console, new ProgressBar(console, false))
                .execute(new TrainingRequest(data, output, output.resolve("checkpoints"), hp), new StopSignal());
    }

    @Test
    void clothingLossFallsAndEveryEpochIsLogged() {
        List<EpochRecord> history = clothing.history();
        assertEquals(4, history.size());
        assertTrue(history.getLast().trainLoss() < history.getFirst().trainLoss() - 0.1,
                "train loss did not fall: " + history);
        assertEquals(4, count(clothingLog, "^epoch=\\d+/4 "));
        assertEquals(1, count(clothingLog, "^test_loss="));
    }

    @Test
    void logLinesMatchTheSageMakerMetricRegexes() {
        for (Map.Entry<String, String> e : TrainingLog.METRIC_REGEXES.entrySet()) {
            Matcher m = Pattern.compile(e.getValue()).matcher(clothingLog);
            assertTrue(m.find(), e.getKey() + " not found in log:\n" + clothingLog);
            double value = Double.parseDouble(m.group(1));
            assertTrue(value >= 0 && Double.isFinite(value), e.getKey() + " = " + value);
        }
    }

    @Test
    void artifactIsSelfDescribingAndServesWhatTrainingMeasured() throws IOException {
        Path artifact = clothing.artifact();
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(artifact);
        assertEquals("photo-cnn", metadata.architecture().name());
        assertEquals(10, metadata.classNames().size());
        assertTrue(metadata.testTimeFlip());
        assertNotNull(metadata.dataset().fingerprint());
        assertEquals(80, metadata.dataset().splitSizes().get("train"));
        assertEquals("0.005", String.valueOf(metadata.hyperparameters().get("learning_rate")));
        assertEquals(20, metadata.testMetrics().samples());
        for (String file : List.of(RunReport.METRICS_FILE, RunReport.CURVES_PNG, RunReport.CONFUSION_PNG)) {
            assertTrue(Files.size(artifact.resolve(file)) > 100, file);
        }

        // The Classifier (serving path, from the archive) reproduces the test accuracy training recorded.
        Path archive = temp.resolve("archive/model.tar.gz");
        TarGz.pack(artifact, archive);
        Path test = Fixtures.clothing().resolve("test");
        int correct = 0;
        int total = 0;
        try (Classifier classifier = ModelArtifacts.load(archive)) {
            for (String label : metadata.classNames()) {
                try (Stream<Path> files = Files.list(test.resolve(label))) {
                    for (Path f : files.toList()) {
                        correct += classifier.classify(Files.readAllBytes(f)).top().label().equals(label) ? 1 : 0;
                        total++;
                    }
                }
            }
        }
        assertEquals(20, total);
        assertEquals(metadata.testMetrics().accuracy(), correct / (double) total, 1e-9);
    }

    @Test
    void fashionMnistCompactCnnLearns() throws IOException {
        TrainingOutcome outcome = run(DataLocation.fromDataDir(Fixtures.fashionMnist()), temp.resolve("fm"),
                Map.of("epochs", "3", "max_batches", "8", "batch_size", "64", "threads", "2", "seed", "5"),
                new ByteArrayOutputStream());
        ArtifactMetadata metadata = outcome.metadata();
        assertEquals("compact-cnn", metadata.architecture().name());
        assertTrue(metadata.trainableParameters() <= 100_000);
        assertEquals(1, metadata.input().channels());
        assertTrue(outcome.history().getLast().trainLoss() < outcome.history().getFirst().trainLoss(),
                "train loss did not fall: " + outcome.history());
        assertTrue(metadata.testMetrics().accuracy() > 0.3, "test accuracy " + metadata.testMetrics().accuracy());

        // The test metrics averaged the image, its mirror and their one-pixel shifts, and so does serving.
        assertEquals(new InferenceViews(true, 1), metadata.inferenceViews());
        LabelledImages test = IdxFiles.load(Fixtures.fashionMnist(), IdxFiles.TEST_PREFIX,
                new ImagePipeline(metadata.input()), new Fingerprint());
        int correct = 0;
        try (Classifier classifier = ModelArtifacts.load(outcome.artifact())) {
            for (int i = 0; i < test.size(); i++) {
                String label = test.classNames().get(test.labels()[i]);
                correct += classifier.classify(test.images().get(i)).top().label().equals(label) ? 1 : 0;
            }
        }
        assertEquals(metadata.testMetrics().samples(), test.size());
        assertEquals(metadata.testMetrics().accuracy(), correct / (double) test.size(), 1e-9);
    }

    @Test
    void fineTuningWithAFrozenBackboneKeepsTheBackboneWeights() throws IOException {
        Map<String, String> hp = new java.util.HashMap<>(SMALL_PHOTO_CNN);
        hp.put("pretrained", clothing.artifact().toString());
        hp.put("freeze_backbone", "true");
        hp.put("epochs", "1");
        TrainingOutcome tuned = run(DataLocation.fromDataDir(Fixtures.clothing()), temp.resolve("tuned"), hp,
                new ByteArrayOutputStream());
        List<float[]> before = trainableBackbone(clothing.artifact());
        List<float[]> after = trainableBackbone(tuned.artifact());
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "backbone parameter " + i + " changed");
        }
        assertTrue(!java.util.Arrays.equals(head(clothing.artifact()), head(tuned.artifact())),
                "the head should have been trained");
    }

    @Test
    void mixupAndCutmixTrainAndAreRecorded() throws IOException {
        Map<String, String> hp = new java.util.HashMap<>(SMALL_PHOTO_CNN);
        hp.put("mixup", "0.4");
        hp.put("cutmix", "1.0");
        TrainingOutcome mixed = run(DataLocation.fromDataDir(Fixtures.clothing()), temp.resolve("mixed"), hp,
                new ByteArrayOutputStream());
        List<EpochRecord> history = mixed.history();
        assertTrue(history.getLast().trainLoss() < history.getFirst().trainLoss(), "train loss did not fall: "
                + history);
        assertEquals(0.4, ((Number) mixed.metadata().hyperparameters().get("mixup")).doubleValue());
        assertEquals(1.0, ((Number) mixed.metadata().hyperparameters().get("cutmix")).doubleValue());
    }

    @Test
    void aTimeBudgetEndsTrainingAnnealedAndKeepsTheBestModel() throws IOException {
        double peak = 0.003;
        TrainingOutcome outcome = run(DataLocation.fromDataDir(Fixtures.fashionMnist()), temp.resolve("budget"),
                Map.of("epochs", "1000", "max_minutes", "0.25", "max_batches", "4", "batch_size", "32",
                        "learning_rate", String.valueOf(peak), "threads", "2", "seed", "5"),
                new ByteArrayOutputStream());
        List<EpochRecord> history = outcome.history();
        assertTrue(history.size() < 1000, "ran " + history.size() + " epochs");
        // A thousand epochs' schedule would still be warming up (>= peak / 25); the clock's has ended.
        double last = history.getLast().learningRate();
        assertTrue(last < peak * 0.03, "learning rate at the deadline " + last + " after " + history.size()
                + " epochs");
        assertEquals(0.25, ((Number) outcome.metadata().hyperparameters().get("max_minutes")).doubleValue());
        assertTrue(Files.isRegularFile(outcome.artifact().resolve("metadata.json")));
        try (Classifier classifier = ModelArtifacts.load(outcome.artifact())) {
            assertEquals(10, classifier.info().classNames().size());
        }
    }

    @Test
    void aJobWhoseTimeLimitIsAlreadyUsedUpStillSavesAModel() throws IOException {
        // a 60-second limit leaves nothing after its 5-minute margin: the job trains one step, then saves
        TrainingOutcome outcome = run(DataLocation.fromDataDir(Fixtures.fashionMnist()), temp.resolve("limit"),
                Map.of("epochs", "50", "time_limit_seconds", "60", "max_batches", "4", "batch_size", "32",
                        "threads", "2"), new ByteArrayOutputStream());
        assertEquals(1, outcome.history().size());
        assertEquals(32, outcome.history().getFirst().trainImages());
        assertEquals(60, ((Number) outcome.metadata().hyperparameters().get("time_limit_seconds")).intValue());
        try (Classifier classifier = ModelArtifacts.load(outcome.artifact())) {
            assertEquals(10, classifier.info().classNames().size());
        }
    }

    private static List<float[]> trainableBackbone(Path artifact) {
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(artifact);
        try (Model model = ModelArtifacts.loadModel(artifact, metadata)) {
            List<float[]> values = new ArrayList<>();
            for (Pair<String, Parameter> p : Architectures.backbone(model.getBlock()).getParameters()) {
                Parameter.Type type = p.getValue().getType();
                if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                    values.add(p.getValue().getArray().toFloatArray());
                }
            }
            return values;
        }
    }

    private static float[] head(Path artifact) {
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(artifact);
        try (Model model = ModelArtifacts.loadModel(artifact, metadata)) {
            return model.getBlock().getChildren().get(1).getValue().getParameters().get(0).getValue().getArray()
                    .toFloatArray();
        }
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex, Pattern.MULTILINE).matcher(text).results().count();
    }
}
