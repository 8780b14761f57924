package io.clothify.function.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.FunctionConfig;
import io.clothify.function.Functions;
import io.clothify.function.api.ModelUnavailableException;
import io.clothify.function.handler.HttpRequest;
import io.clothify.function.handler.HttpResponse;
import io.clothify.function.handler.PredictHandler;
import io.clothify.function.testing.LocalS3;
import io.clothify.function.testing.TestImages;
import io.clothify.function.testing.TestModels;
import io.clothify.model.Classification;
import io.clothify.model.Classifier;
import io.clothify.model.ModelInfo;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.contract.ModelPointer;
import io.clothify.model.contract.ModelStoreLayout;
import io.clothify.model.image.PixelImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model loading from a real S3 API (S3Proxy on 127.0.0.1): a fixed MODEL_URI and the promotion pointer. */
class S3ModelLoadingTest {
    private static final String BUCKET = "clothify-models";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PHOTO = TestImages.photo("t-shirt.jpg");

    @TempDir
    static Path temp;
    private static LocalS3 s3;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createDirectories(temp.resolve("s3"));
        s3 = new LocalS3(data);
        s3.createBucket(BUCKET);
        s3.put(BUCKET, "training/job-1/output/model.tar.gz", TestModels.archive(1));
        s3.put(BUCKET, "training/job-2/output/model.tar.gz", TestModels.archive(2));
        byte[] whole = Files.readAllBytes(TestModels.archive(3));
        s3.put(BUCKET, "training/job-3/output/model.tar.gz", Arrays.copyOf(whole, whole.length / 2));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    @Test
    void loadsAFixedModelUriFromS3OnceAndCachesTheDownload() throws Exception {
        Path cache = temp.resolve("cache-fixed");
        FunctionConfig config = FunctionConfig.fromMap(Map.of(
                "MODEL_URI", "s3://" + BUCKET + "/training/job-1/output/model.tar.gz",
                "MODEL_CACHE_DIR", cache.toString()));
        try (var service = Functions.service(config, s3::client, ClassifierLoader.djl())) {
            PredictHandler handler = new PredictHandler(service);
            assertEquals("untrained-1", version(handler));
            assertEquals("untrained-1", version(handler));
            try (Stream<Path> files = Files.walk(cache)) {
                List<Path> archives = files.filter(f -> f.toString().endsWith("model.tar.gz")).toList();
                assertEquals(1, archives.size());
                assertEquals(Files.size(TestModels.archive(1)), Files.size(archives.getFirst()));
            }
        }
    }

    @Test
    void aMissingArtifactIs503() throws Exception {
        FunctionConfig config = FunctionConfig.fromMap(Map.of("MODEL_URI", "s3://" + BUCKET + "/nothing/model.tar.gz",
                "MODEL_CACHE_DIR", temp.resolve("cache-missing").toString()));
        try (var service = Functions.service(config, s3::client, ClassifierLoader.djl())) {
            HttpResponse response = new PredictHandler(service).handle(predict(), "missing");
            assertEquals(503, response.status(), response.body());
            assertEquals("model_unavailable", JSON.readTree(response.body()).get("error").asText());
            // the caller's own mistake is still named while no model is loaded
            HttpResponse notAnImage = new PredictHandler(service).handle(new HttpRequest("POST", "/predict",
                    Map.of("content-type", "image/jpeg"), Map.of(),
                    Base64.getEncoder().encodeToString("hello".getBytes()), true, "s3-test"), "missing");
            assertEquals(415, notAnImage.status(), notAnImage.body());
        }
    }

    @Test
    void followsThePointerSwapsWithoutRestartAndKeepsServingThroughACorruptArtifact() throws Exception {
        promote("job-1");
        FunctionConfig config = FunctionConfig.fromMap(Map.of("MODEL_BUCKET", BUCKET, "MODEL_POLL_SECONDS", "0",
                "MODEL_CACHE_DIR", temp.resolve("cache-pointer").toString()));
        try (var service = Functions.service(config, s3::client, ClassifierLoader.djl())) {
            PredictHandler handler = new PredictHandler(service);
            assertEquals("job-1", version(handler));
            assertEquals("job-1", version(handler), "an unchanged pointer keeps the model");

            promote("job-2");
            assertEquals("job-2", version(handler), "a new pointer is picked up without a restart");

            promote("job-3"); // a truncated archive
            assertEquals("job-2", version(handler), "a corrupt artifact leaves the old model serving");
            assertEquals("job-2", version(handler));
            assertEquals(200, handler.handle(new HttpRequest("GET", "/health", Map.of(), Map.of(), null, false, "h"),
                    "h").status());

            promote("job-1");
            assertEquals("job-1", version(handler), "a later good promotion (or a rollback) goes live");
        }
    }

    @Test
    void inFlightRequestsFinishOnTheOldModelWhichIsClosedAfterThem() throws Exception {
        promote("job-1");
        List<String> closed = new CopyOnWriteArrayList<>();
        ClassifierLoader tracking = path -> new Tracked(ModelArtifacts.load(path), closed);
        PointerLocator locator = new PointerLocator(s3.client(), BUCKET, ModelStoreLayout.POINTER_KEY);
        ArtifactStore store = new ArtifactStore(s3::client, temp.resolve("cache-lease"));
        try (ModelManager models = new ModelManager(locator, store, tracking, Duration.ZERO)) {
            PixelImage image = io.clothify.model.image.ImageDecoder.decode(PHOTO, 1, 0, 0).image();
            ModelLease inFlight = models.acquire();
            Classification before = inFlight.classifier().classify(image);
            promote("job-2");
            try (ModelLease next = models.acquire()) {
                assertEquals("job-2", next.version());
            }
            assertTrue(closed.isEmpty(), "the old model stays open while a request holds it");
            assertEquals(before, inFlight.classifier().classify(image), "the in-flight request still works");
            assertEquals("job-1", inFlight.version());
            inFlight.close();
            assertEquals(List.of("untrained-1"), closed, "closed once its last request finished");
        }
        assertEquals(List.of("untrained-1", "untrained-2"), closed);
    }

    @Test
    void anUnreadablePointerWithNoModelIs503() {
        FunctionConfig config = FunctionConfig.fromMap(Map.of("MODEL_BUCKET", "no-such-bucket",
                "MODEL_CACHE_DIR", temp.resolve("cache-nobucket").toString()));
        try (var service = Functions.service(config, s3::client, ClassifierLoader.djl())) {
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class, () -> service.models().acquire());
            assertFalse(e.getMessage().isBlank());
        }
    }

    private static void promote(String job) {
        ModelPointer pointer = new ModelPointer("s3://" + BUCKET + "/training/" + job + "/output/model.tar.gz", job,
                0.5, "2026-11-21T00:00:00Z");
        s3.put(BUCKET, ModelStoreLayout.POINTER_KEY, pointer.toJson());
    }

    private static HttpRequest predict() {
        return new HttpRequest("POST", "/predict", Map.of("content-type", "image/jpeg"), Map.of(),
                Base64.getEncoder().encodeToString(PHOTO), true, "s3-test");
    }

    private static String version(PredictHandler handler) throws Exception {
        HttpResponse response = handler.handle(predict(), "s3-test");
        assertEquals(200, response.status(), response.body());
        JsonNode body = JSON.readTree(response.body());
        return body.at("/model/version").asText();
    }

    /** A real classifier that records when it is closed. */
    private record Tracked(Classifier delegate, List<String> closed) implements Classifier {
        @Override
        public ModelInfo info() {
            return delegate.info();
        }

        @Override
        public Classification classify(PixelImage image) {
            return delegate.classify(image);
        }

        @Override
        public void close() {
            closed.add(delegate.info().version());
            delegate.close();
        }
    }
}
