package io.clothify.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.InputSpec;
import io.clothify.model.image.ImagePipeline;
import io.clothify.training.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetLoaderTest {

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
