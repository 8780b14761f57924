package io.clothify.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.Classifier;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.contract.TarGz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container contract, against a temporary folder laid out exactly like /opt/ml. */
class SageMakerModeTest {

    static Path layOut(Path root, String hyperparametersJson, String... channels) throws IOException {
        Files.createDirectories(root.resolve("input/config"));
        Files.writeString(root.resolve("input/config/hyperparameters.json"), hyperparametersJson);
        for (String channel : channels) {
            copyTree(Fixtures.clothing().resolve(channel), root.resolve("input/data").resolve(channel));
        }
        return root;
    }

    static int train(Path root, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return TrainingJob.run(new String[] {"train"},
                Map.of("OPT_ML_ROOT", root.toString(), "TRAINING_JOB_NAME", "job-42"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void trainsFromChannelsAndStringHyperparameters(@TempDir Path root) throws IOException {
        layOut(root, """
                {"architecture": "photo-cnn", "widths": "8,16", "image_size": "32", "epochs": "2",
                 "batch_size": "16", "max_batches": "3", "threads": "2", "augment": "none",
                 "model_name": "clothing", "sagemaker_program": "ignored"}
                """, "train", "validation", "test");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, train(root, out, err), err.toString());
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(root.resolve("model"));
        assertEquals("job-42", metadata.version());
        assertEquals("clothing", metadata.name());
        assertEquals(20, metadata.dataset().splitSizes().get("validation"));
        assertEquals(20, metadata.testMetrics().samples());
        assertTrue(Files.isRegularFile(root.resolve("checkpoints/checkpoint.json")));
        assertFalse(Files.exists(root.resolve("output/failure")));
        assertTrue(out.toString().contains("test_accuracy="), out.toString());
        try (Stream<Path> files = Files.list(root.resolve("model"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")),
                    "no temporary files may be left in the model folder");
        }
    }

    @Test
    void badHyperparameterWritesTheFailureFileAndExitsNonZero(@TempDir Path root) throws IOException {
        layOut(root, "{\"learning_rate\": \"fast\"}", "train");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, train(root, new ByteArrayOutputStream(), err));
        String failure = Files.readString(root.resolve("output/failure"));
        assertTrue(failure.contains("learning_rate='fast'"), failure);
        assertFalse(Files.exists(root.resolve("model/metadata.json")));
    }

    @Test
    void missingTrainChannelIsAClearFailure(@TempDir Path root) throws IOException {
        layOut(root, "{}");
        assertEquals(1, train(root, new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        assertTrue(Files.readString(root.resolve("output/failure")).contains("'train' channel"));
    }

    @Test
    void aPretrainedChannelIsFineTuned(@TempDir Path root) throws IOException {
        Path pretrained = Files.createDirectories(root.resolve("input/data/pretrained"));
        io.clothify.model.artifact.ModelArtifacts.createUntrained(root.resolve("untrained"), "photo-cnn",
                java.util.List.of("a", "b"), io.clothify.model.InputSpec.rgb(32, 0.875), 1);
        io.clothify.model.contract.TarGz.pack(root.resolve("untrained"), pretrained.resolve("model.tar.gz"));
        layOut(root, """
                {"epochs": "1", "batch_size": "16", "max_batches": "2", "threads": "2", "freeze_backbone": "true"}
                """, "train", "test");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, train(root, new ByteArrayOutputStream(), err), err.toString());
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(root.resolve("model"));
        assertEquals(32, metadata.input().width(), "the input spec comes from the pretrained artifact");
        assertEquals(10, metadata.classNames().size(), "the head is rebuilt for this dataset's classes");
        assertTrue(String.valueOf(metadata.hyperparameters().get("pretrained")).endsWith("pretrained"));
    }

    @Test
    void aBackboneChannelIsTheBackboneAndTheArtifactRecordsIt(@TempDir Path root) throws IOException {
        Path channel = Files.createDirectories(root.resolve("input/data/backbone"));
        Files.copy(Fixtures.tinyBackbone(), channel.resolve("resnet18.pt"));
        layOut(root, """
                {"backbone": "s3://bucket/models/backbones/resnet18.pt", "image_size": "32", "epochs": "1",
                 "batch_size": "16", "max_batches": "2", "threads": "2", "freeze_backbone": "true"}
                """, "train", "test");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, train(root, new ByteArrayOutputStream(), err), err.toString());
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(root.resolve("model"));
        assertEquals(TorchScriptNet.NAME, metadata.architecture().name(), "a backbone makes it a torchscript net");
        assertEquals(channel.resolve("resnet18.pt").toString(), metadata.hyperparameters().get("backbone"));
        assertEquals(TransferLearningTest.original(), TransferLearningTest.backboneWeights(root.resolve("model")),
                "the artifact carries that very backbone, frozen");
    }

    @Test
    void aPooledFeatureMapBackboneLikeResnet18EmbeddingTrainsAndItsArchiveServes(@TempDir Path root)
            throws IOException {
        Path channel = Files.createDirectories(root.resolve("input/data/backbone"));
        Path featureMap = Fixtures.tinyBackbone().resolveSibling("tiny-feature-map-backbone.pt"); // [N, 16, 1, 1]
        Files.copy(featureMap, channel.resolve("resnet18_embedding.pt"));
        layOut(root, """
                {"image_size": "32", "epochs": "1", "batch_size": "16", "max_batches": "2", "threads": "2",
                 "freeze_backbone": "true", "inner_size": "8"}
                """, "train", "test");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, train(root, new ByteArrayOutputStream(), err), err.toString());
        Path archive = root.resolve("output/model.tar.gz");
        TarGz.pack(root.resolve("model"), archive); // what SageMaker uploads
        Path photo;
        try (Stream<Path> photos = Files.list(Fixtures.clothing().resolve("test/hat"))) {
            photo = photos.findFirst().orElseThrow();
        }
        try (Classifier served = ModelArtifacts.load(archive)) {
            assertEquals(10, served.classify(Files.readAllBytes(photo)).predictions().size());
        }
    }

    @Test
    void aBackboneChannelMustHoldOneFileAndNotContradictTheHyperparameter(@TempDir Path root) throws IOException {
        Path channel = Files.createDirectories(root.resolve("input/data/backbone"));
        Files.copy(Fixtures.tinyBackbone(), channel.resolve("a.pt"));
        Files.copy(Fixtures.tinyBackbone(), channel.resolve("a.pt.old"));
        layOut(root, "{\"epochs\": \"1\"}", "train");
        assertEquals(1, train(root, new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        String failure = Files.readString(root.resolve("output/failure"));
        assertTrue(failure.contains("must hold one TorchScript file, found [a.pt, a.pt.old]"), failure);

        Files.delete(channel.resolve("a.pt.old"));
        layOut(root, "{\"backbone\": \"resnet50\"}");
        assertEquals(1, train(root, new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        failure = Files.readString(root.resolve("output/failure"));
        assertTrue(failure.contains("Both the 'backbone' channel and backbone=resnet50"), failure);
    }

    @Test
    void theContainerIsNotForcedOfflineSoAJobWithInternetCanDownloadAZooBackbone() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String entrypoint = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        assertFalse(entrypoint.contains("ai.djl.offline"), entrypoint);
        assertTrue(dockerfile.contains("RUN java -Dai.djl.offline=true -jar /opt/training-job/training-job.jar"
                + " engine-info"), "the natives are extracted from the jar at build time, offline");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
