package io.clothify.training.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.arch.CompactCnn;
import io.clothify.model.arch.PhotoCnn;
import io.clothify.training.data.DatasetKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {

    @Test
    void sageMakerStringsAreParsedWithTheirNames() {
        Hyperparameters hp = Hyperparameters.resolve(Map.of("epochs", "7", "learning_rate", "0.01",
                "optimizer", "\"sgd\"", "augment", "flip,erase", "widths", "16,32", "freeze_backbone", "true",
                "sagemaker_region", "\"eu-west-1\""), DatasetKind.IMAGE_FOLDERS, "clothes");
        assertEquals(PhotoCnn.NAME, hp.architecture());
        assertEquals(7, hp.epochs());
        assertEquals(0.01, hp.learningRate());
        assertEquals("sgd", hp.optimizer());
        assertTrue(hp.augment().flip() && hp.augment().erase() && !hp.augment().crop());
        assertEquals(List.of(16, 32), hp.widths());
        assertTrue(hp.freezeBackbone());
        assertEquals("clothes-photo-cnn", hp.modelName());
    }

    @Test
    void defaultsFollowTheDataset() {
        Hyperparameters idx = Hyperparameters.resolve(Map.of(), DatasetKind.IDX, "fashion-mnist");
        assertEquals(CompactCnn.NAME, idx.architecture());
        assertEquals(28, idx.imageSize());
        assertEquals(1, idx.inputSpec(1).channels());
        Hyperparameters photos = Hyperparameters.resolve(Map.of(), DatasetKind.IMAGE_FOLDERS, "clothes");
        assertEquals(128, photos.imageSize());
        assertEquals(0.0, photos.cutmix());
        assertTrue(photos.augment().erase() && photos.augment().color());
        assertEquals(3, photos.inputSpec(3).channels());
        assertFalse(photos.augment().shift());
    }

    @Test
    void compactLayoutAndBatchMixingAreHyperparameters() {
        Hyperparameters hp = Hyperparameters.resolve(Map.of("widths", "16,16,32", "pool_after", "1,2",
                "mixup", "0.2", "cutmix", "1"), DatasetKind.IDX, "fashion-mnist");
        assertEquals(List.of(1, 2), hp.architectureSpec().args().get("poolAfter"));
        assertEquals(List.of(1, 2), hp.asMap().get("pool_after"));
        assertEquals(0.2, hp.mixup());
        assertEquals(1.0, hp.cutmix());
        Hyperparameters defaults = Hyperparameters.resolve(Map.of(), DatasetKind.IDX, "fashion-mnist");
        assertEquals(CompactCnn.Config.defaults().poolAfter(), defaults.architectureSpec().args().get("poolAfter"));
        assertEquals(0.0, defaults.mixup());
        assertRejected(Map.of("cutmix", "-1"), DatasetKind.IDX, "cutmix");
    }

    @Test
    void theCompactClassifierHeadIsAHyperparameterOfCompactCnnOnly() {
        Hyperparameters flatten = Hyperparameters.resolve(Map.of("head", "Flatten", "pool_after", "1,3,5"),
                DatasetKind.IDX, "fashion-mnist");
        assertEquals(CompactCnn.HEAD_FLATTEN, flatten.architectureSpec().args().get("head"));
        assertEquals(CompactCnn.HEAD_FLATTEN, flatten.asMap().get("head"));
        Hyperparameters defaults = Hyperparameters.resolve(Map.of(), DatasetKind.IDX, "fashion-mnist");
        assertEquals(CompactCnn.Config.defaults().head(), defaults.architectureSpec().args().get("head"));
        assertRejected(Map.of("head", "attention"), DatasetKind.IDX, "head='attention'");
        assertRejected(Map.of("head", "flatten"), DatasetKind.IMAGE_FOLDERS, "head applies to compact-cnn");
    }

    @Test
    void theCompactFirstStrideAndNormOrderAreHyperparametersOfCompactCnnOnly() {
        Hyperparameters strided = Hyperparameters.resolve(
                Map.of("first_stride", "2", "pool_after", "3,5", "pool_before_norm", "true"), DatasetKind.IDX, "f");
        assertEquals(2, strided.architectureSpec().args().get("firstStride"));
        assertEquals(true, strided.architectureSpec().args().get("poolBeforeNorm"));
        assertEquals(2, strided.asMap().get("first_stride"));
        assertEquals(true, strided.asMap().get("pool_before_norm"));
        Hyperparameters defaults = Hyperparameters.resolve(Map.of(), DatasetKind.IDX, "f");
        assertEquals(CompactCnn.Config.defaults().firstStride(), defaults.architectureSpec().args().get("firstStride"));
        assertEquals(CompactCnn.Config.defaults().poolBeforeNorm(),
                defaults.architectureSpec().args().get("poolBeforeNorm"));
        assertRejected(Map.of("first_stride", "3"), DatasetKind.IDX, "first_stride='3'");
        assertRejected(Map.of("first_stride", "0"), DatasetKind.IDX, "first_stride='0'");
        assertRejected(Map.of("pool_before_norm", "maybe"), DatasetKind.IDX, "pool_before_norm='maybe'");
        assertRejected(Map.of("first_stride", "2"), DatasetKind.IMAGE_FOLDERS, "first_stride applies to compact-cnn");
        assertRejected(Map.of("pool_before_norm", "true"), DatasetKind.IMAGE_FOLDERS,
                "pool_before_norm applies to compact-cnn");
    }

    @Test
    void theJobsTimeLimitArrivesAsASageMakerString() {
        Hyperparameters hp = Hyperparameters.resolve(Map.of("time_limit_seconds", "7200"), DatasetKind.IDX, "f");
        assertEquals(7200, hp.timeLimitSeconds());
        assertEquals(7200, hp.asMap().get("time_limit_seconds"));
        assertEquals(0, Hyperparameters.resolve(Map.of(), DatasetKind.IDX, "f").timeLimitSeconds());
        assertRejected(Map.of("time_limit_seconds", "-1"), DatasetKind.IDX, "time_limit_seconds");
        assertRejected(Map.of("time_limit_seconds", "3600.5"), DatasetKind.IDX, "time_limit_seconds");
    }

    @Test
    void badValuesNameTheHyperparameter() {
        assertRejected(Map.of("learning_rate", "fast"), DatasetKind.IDX, "learning_rate='fast'");
        assertRejected(Map.of("dropout", "1.5"), DatasetKind.IDX, "dropout");
        assertRejected(Map.of("epochz", "3"), DatasetKind.IDX, "epochz");
        assertRejected(Map.of("augment", "flip,blur"), DatasetKind.IDX, "blur");
        assertRejected(Map.of("max_minutes", "-5"), DatasetKind.IDX, "max_minutes");
    }

    @Test
    void commandLineTakesTheSameNamesWithDashesOrUnderscores() {
        CommandLine cl = CommandLine.parse(List.of("--data", "d", "--output", "o", "--learning-rate", "0.1",
                "--batch_size=16"));
        assertEquals(Map.of("learning_rate", "0.1", "batch_size", "16"), cl.hyperparameters());
        assertEquals("o/checkpoints", cl.checkpoints().toString());
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(List.of("--data", "d")));
        assertThrows(IllegalArgumentException.class,
                () -> CommandLine.parse(List.of("--data", "d", "--output", "o", "--colour", "red")));
    }

    /** Resolving {@code given} fails with a message that contains {@code named}. */
    private static void assertRejected(Map<String, String> given, DatasetKind kind, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hyperparameters.resolve(given, kind, "d"));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
