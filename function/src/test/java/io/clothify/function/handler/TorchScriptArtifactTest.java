package io.clothify.function.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.loading.ArtifactLoaders;
import io.clothify.function.loading.ArtifactStore;
import io.clothify.function.loading.ModelLease;
import io.clothify.function.loading.ModelManager;
import io.clothify.function.loading.ModelTarget;
import io.clothify.function.testing.TestModels;
import io.clothify.function.testing.TestServices;
import io.clothify.model.Classification;
import io.clothify.model.Classifier;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.AtomicFiles;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.contract.TarGz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transfer-learning artifact (the tiny TorchScript backbone of the model module's tests + a head) served by the
 * handler from its archive alone: the backbone file it was built from is gone, and nothing is downloaded.
 */
class TorchScriptArtifactTest {
    private static final Path BACKBONE = Path.of("..", "model", "src", "test", "resources", "backbone",
            "tiny-backbone.pt");
    private static final Path PHOTOS = Path.of("..", "training-job", "src", "test", "resources", "fixtures",
            "clothing", "test");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private int seed = 11;

    @Test
    void theHandlerServesATorchScriptArchiveWithItsOriginalBackboneGone() throws IOException {
        Path archive = archiveWithoutTheOriginalBackbone();
        PredictHandler handler = new PredictHandler(TestServices.service(archive, Set.of()));
        try (Classifier direct = ArtifactLoaders.detecting().load(archive)) {
            assertEquals(TestModels.CLOTHING, direct.info().classNames());
            Set<String> answered = new HashSet<>();
            for (Path photo : photos()) {
                byte[] bytes = Files.readAllBytes(photo);
                JsonNode answer = predict(handler, bytes);
                Classification want = direct.classify(bytes);
                assertEquals(want.top().label(), answer.get("label").asText(), photo.toString());
                assertEquals(want.top().probability(), answer.get("probability").asDouble(), 1e-6);
                assertTrue(TestModels.CLOTHING.contains(answer.get("label").asText()));
                assertEquals("v-torchscript", answer.at("/model/version").asText());
                answer.get("predictions").forEach(p -> answered.add(p.get("label").asText()));
            }
            assertTrue(TestModels.CLOTHING.containsAll(answered), "answered " + answered);
        } finally {
            handler.service().close();
        }
    }

    @Test
    void swappingTorchScriptModelsFreesEachReplacedOne() throws IOException {
        Path first = Files.move(archiveWithoutTheOriginalBackbone(), temp.resolve("first.tar.gz"));
        Path second = archiveWithoutTheOriginalBackbone();
        AtomicReference<ModelTarget> pointer = new AtomicReference<>(new ModelTarget(first.toString(), "a"));
        ArtifactStore store = new ArtifactStore(() -> {
            throw new IllegalStateException("no S3 here");
        }, temp.resolve("cache"));
        int idle = systemManagerResources();
        try (ModelManager models = new ModelManager(pointer::get, store, ArtifactLoaders.detecting(), Duration.ZERO)) {
            for (int swap = 0; swap < 6; swap++) {
                pointer.set(new ModelTarget((swap % 2 == 0 ? first : second).toString(), "v" + swap));
                try (ModelLease lease = models.acquire()) {
                    assertEquals("v" + swap, lease.version());
                    assertEquals(TestModels.CLOTHING, lease.classifier().info().classNames());
                }
                assertEquals(idle + 1, systemManagerResources(), "after swap " + swap + ": one model is open");
            }
        }
        assertEquals(idle, systemManagerResources(), "closing the manager closes the live model");
    }

    /**
     * How many resources (managers, mostly: one per open model) hang directly off PyTorch's global manager. DJL
     * exposes the count only in {@code BaseNDManager.toString()} ("... Resource size: N").
     */
    private static int systemManagerResources() {
        try (NDManager probe = NDManager.newBaseManager("PyTorch")) {
            String description = probe.getParentManager().toString();
            return Integer.parseInt(description.substring(description.lastIndexOf(':') + 1).trim()) - 1;
        }
    }

    /** A torchscript artifact (random head) packed as model.tar.gz, with the folder and backbone it came from gone. */
    private Path archiveWithoutTheOriginalBackbone() throws IOException {
        Path backbone = temp.resolve("source/backbone.pt");
        Files.createDirectories(backbone.getParent());
        Files.copy(BACKBONE, backbone);
        ArchitectureSpec spec = Architectures.spec(TorchScriptNet.NAME,
                new TorchScriptNet.Config(backbone.toAbsolutePath().toString(), 16, 0.2));
        InputSpec input = InputSpec.rgb(32, 0.875);
        Path dir = temp.resolve("artifact");
        Engine.getEngine("PyTorch").setRandomSeed(seed++);
        try (Model model = Model.newInstance("torchscript", "PyTorch")) {
            Block block = Architectures.build(spec, TestModels.CLOTHING.size(), model.getNDManager());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, Architectures.inputShape(input));
            ModelArtifacts.save(model, new ArtifactMetadata(ArtifactMetadata.FORMAT_VERSION,
                    ArtifactMetadata.KIND_DJL, "clothing-torchscript", "v-torchscript", spec, TestModels.CLOTHING,
                    input, null, null, Architectures.trainableParameters(block), true, 0, null, null, Map.of(), null,
                    ModelArtifacts.libraryVersions(), Instant.now().toString()), dir);
        }
        Path archive = temp.resolve("model.tar.gz");
        TarGz.pack(dir, archive);
        AtomicFiles.deleteRecursively(dir);
        AtomicFiles.deleteRecursively(backbone.getParent());
        assertFalse(Files.exists(backbone));
        return archive;
    }

    private static List<Path> photos() throws IOException {
        try (Stream<Path> files = Files.walk(PHOTOS)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
        }
    }

    private static JsonNode predict(PredictHandler handler, byte[] image) throws IOException {
        HttpResponse response = handler.handle(new HttpRequest("POST", "/predict",
                Map.of("content-type", "application/octet-stream"), Map.of(),
                Base64.getEncoder().encodeToString(image), true, "torchscript"), "torchscript");
        assertEquals(200, response.status(), response.body());
        return JSON.readTree(response.body());
    }
}
