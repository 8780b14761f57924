package io.clothify.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.InputSpec;
import io.clothify.model.image.ImagePipeline;
import io.clothify.training.Fixtures;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
    /** The decoder's fixtures, committed once in the model module (tests run in the module's folder). */
    private static final Path FORMAT_FIXTURES = Path.of("../model/src/test/resources/images/formats");

    @Test
    void trainingEvaluationAndServingProduceIdenticalTensors() throws IOException {
        ImagePipeline pipeline = new ImagePipeline(InputSpec.rgb(64, 0.875));
        DataLocation location = DataLocation.fromDataDir(Fixtures.clothing());
        Splits splits = DatasetLoader.load(location, pipeline, 0.2, 1, 2);
        for (int i = 0; i < splits.test().size(); i++) {
            // training's evaluation path: the cached (decoded + resized) image, center-cropped
            float[] training = pipeline.centerCropTensor(splits.test().images().get(i));
            // the serving path: raw file bytes through the Classifier's decode + evalTensor
            byte[] bytes = Files.readAllBytes(location.test().resolve(splits.test().sources().get(i)));
            float[] serving = pipeline.evalTensor(pipeline.decode(bytes).image());
            assertArrayEquals(training, serving, "tensor of " + splits.test().sources().get(i));
        }
    }

    /**
     * Every accepted format (the model module's committed fixtures: EXIF orientations, gray/palette/alpha/16-bit
     * PNGs, gray/YCCK/progressive JPEGs, WebP) and a large photo decoded at a reduced scale: training's cached
     * tensor equals serving's, for an RGB and a gray spec.
     */
    @Test
    void trainingAndServingAgreeOnEveryFormat(@TempDir Path root) throws IOException {
        Path split = root.resolve("test");
        List<Path> copied = new ArrayList<>();
        try (Stream<Path> files = Files.list(FORMAT_FIXTURES)) {
            int i = 0;
            for (Path f : files.filter(ImageFolders::isImageFile).sorted().toList()) {
                Path target = split.resolve(i++ % 2 == 0 ? "a" : "b").resolve(f.getFileName());
                Files.createDirectories(target.getParent());
                copied.add(Files.copy(f, target));
            }
        }
        assertTrue(copied.size() >= 40, "fixtures found: " + copied.size());
        BufferedImage large = new BufferedImage(1600, 2000, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = large.createGraphics();
        g.drawImage(ImageIO.read(FORMAT_FIXTURES.resolve("reference.png").toFile()), 0, 0, 1600, 2000, null);
        g.dispose();
        ImageIO.write(large, "jpeg", split.resolve("a/large.jpg").toFile());
        for (InputSpec spec : List.of(InputSpec.rgb(64, 0.875), InputSpec.fashionMnist())) {
            ImagePipeline pipeline = new ImagePipeline(spec);
            LabelledImages loaded = ImageFolders.load(split, "test", List.of("a", "b"), pipeline, new Fingerprint(), 2);
            assertEquals(copied.size() + 1, loaded.size(), "every file decodes");
            for (int i = 0; i < loaded.size(); i++) {
                float[] training = pipeline.centerCropTensor(loaded.images().get(i));
                byte[] bytes = Files.readAllBytes(split.resolve(loaded.sources().get(i)));
                float[] serving = pipeline.evalTensor(pipeline.decode(bytes).image());
                assertArrayEquals(training, serving, spec.channels() + " channels: " + loaded.sources().get(i));
            }
        }
    }

    @Test
    void clothingFoldersGiveAllThreeSplitsAndAStableFingerprint() throws IOException {
        ImagePipeline pipeline = new ImagePipeline(InputSpec.rgb(32, 1.0));
        DataLocation location = DataLocation.fromDataDir(Fixtures.clothing());
        Splits a = DatasetLoader.load(location, pipeline, 0.2, 1, 2);
        assertEquals(DatasetKind.IMAGE_FOLDERS, a.kind());
        assertEquals(10, a.classNames().size());
        assertEquals(80, a.train().size());
        assertEquals(20, a.validation().size());
        assertEquals(20, a.test().size());
        assertEquals(a.fingerprint(), DatasetLoader.load(location, pipeline, 0.2, 1, 1).fingerprint());
    }

    @Test
    void fashionMnistHoldsOutTwentyPercentOfTrainPerClass() throws IOException {
        ImagePipeline pipeline = new ImagePipeline(InputSpec.fashionMnist());
        Splits splits = DatasetLoader.load(DataLocation.fromDataDir(Fixtures.fashionMnist()), pipeline, 0.2, 3, 1);
        assertEquals(DatasetKind.IDX, splits.kind());
        assertEquals(1200, splits.train().size() + splits.validation().size());
        assertEquals(240, splits.validation().size(), 10);
        assertEquals(300, splits.test().size());
        int[] perClass = new int[10];
        for (int label : splits.validation().labels()) {
            perClass[label]++;
        }
        assertTrue(Arrays.stream(perClass).allMatch(c -> c > 0), Arrays.toString(perClass));
        assertEquals(28, splits.train().images().getFirst().width());
    }

    @Test
    void holdoutDependsOnTheSeed() {
        int[] labels = new int[100];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 4;
        }
        int[][] a = DatasetLoader.stratifiedHoldout(labels, 4, 0.2, 1);
        int[][] b = DatasetLoader.stratifiedHoldout(labels, 4, 0.2, 2);
        assertEquals(20, a[1].length);
        assertEquals(80, a[0].length);
        assertNotEquals(Arrays.toString(a[1]), Arrays.toString(b[1]));
    }

    @Test
    void channelsLayoutWithoutValidationOrTest(@org.junit.jupiter.api.io.TempDir Path root) throws IOException {
        Path train = Files.createDirectories(root.resolve("train"));
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"}) {
            Files.copy(Fixtures.fashionMnist().resolve(f), train.resolve(f));
        }
        DataLocation location = DataLocation.fromChannels(root, "fm");
        assertEquals(DatasetKind.IDX, location.kind());
        assertNull(location.validation());
        assertNull(location.test());
    }
}
