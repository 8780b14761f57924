package io.clothify.function.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.Classifier;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.artifact.OpenedArtifact;
import io.clothify.model.image.InferenceViews;
import io.clothify.model.image.PixelImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The trained models the repository ships load through the serving path and classify real images from the
 * datasets' test splits (the fixtures committed with the training job) as well as their metadata says.
 */
class ShippedArtifactsTest {
    static final Path ARTIFACTS = Path.of("..", "model", "artifacts");
    static final Path FIXTURES = Path.of("..", "training-job", "src", "test", "resources", "fixtures");

    @Test
    void clothingDefaultModelClassifiesTestPhotos() throws IOException {
        Path archive = ARTIFACTS.resolve("default-model.tar.gz");
        ArtifactMetadata metadata = metadataOf(archive);
        assertEquals("photo-cnn", metadata.architecture().name());
        assertTrue(metadata.testMetrics().accuracy() >= 0.85, "shipped clothing model: "
                + metadata.testMetrics().accuracy());
        int correct = 0;
        int total = 0;
        try (Classifier classifier = ArtifactLoaders.detecting().load(archive);
                Stream<Path> classes = Files.list(FIXTURES.resolve("clothing/test"))) {
            for (Path folder : classes.sorted().toList()) {
                String label = folder.getFileName().toString();
                try (Stream<Path> photos = Files.list(folder)) {
                    for (Path photo : photos.sorted().toList()) {
                        correct += classifier.classify(Files.readAllBytes(photo)).top().label().equals(label) ? 1 : 0;
                        total++;
                    }
                }
            }
        }
        assertEquals(20, total);
        // 20 photos are a small sample of a 0.85 model, so the bar sits well below 17; chance would be 2.
        assertTrue(correct >= 12, correct + " of 20 test photos right");
    }

    @Test
    void fashionMnistModelStaysUnderTheParameterBudgetAndClassifiesTestImages() throws IOException {
        Path archive = ARTIFACTS.resolve("fashion-mnist-compact-cnn.tar.gz");
        ArtifactMetadata metadata = metadataOf(archive);
        assertTrue(metadata.trainableParameters() <= 100_000, metadata.trainableParameters() + " parameters");
        assertTrue(metadata.testMetrics().accuracy() >= 0.94, "shipped Fashion-MNIST model: "
                + metadata.testMetrics().accuracy());
        // it averages the image, its mirror and their one-pixel shifts, as its test metrics did
        assertEquals(new InferenceViews(true, 1), metadata.inferenceViews());
        byte[] pixels = idxPayload(FIXTURES.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz"), 16);
        byte[] labels = idxPayload(FIXTURES.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"), 8);
        int correct = 0;
        try (Classifier classifier = ArtifactLoaders.detecting().load(archive)) {
            for (int i = 0; i < labels.length; i++) {
                byte[] image = Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784);
                String label = metadata.classNames().get(labels[i]);
                correct += classifier.classify(new PixelImage(28, 28, 1, image)).top().label().equals(label) ? 1 : 0;
            }
        }
        assertEquals(300, labels.length);
        assertTrue(correct >= 0.9 * labels.length, correct + " of " + labels.length + " test images right");
    }

    private static ArtifactMetadata metadataOf(Path archive) {
        try (OpenedArtifact artifact = OpenedArtifact.open(archive)) {
            return ModelArtifacts.readMetadata(artifact.root());
        }
    }

    private static byte[] idxPayload(Path file, int headerBytes) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            in.skipNBytes(headerBytes);
            return in.readAllBytes();
        }
    }
}
