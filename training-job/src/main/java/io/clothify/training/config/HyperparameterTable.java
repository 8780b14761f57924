package io.clothify.training.config;

import static io.clothify.training.config.Setting.Type.AUGMENTATION;
import static io.clothify.training.config.Setting.Type.BOOL;
import static io.clothify.training.config.Setting.Type.DOUBLE;
import static io.clothify.training.config.Setting.Type.INT;
import static io.clothify.training.config.Setting.Type.INT_LIST;
import static io.clothify.training.config.Setting.Type.LONG;
import static io.clothify.training.config.Setting.Type.LOWERCASE;
import static io.clothify.training.config.Setting.Type.SCHEDULE;
import static io.clothify.training.config.Setting.Type.STRING;

import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.BackboneSource;
import io.clothify.model.arch.CompactCnn;
import io.clothify.model.arch.PhotoCnn;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.contract.Hyperparameter;
import io.clothify.model.contract.ModelZooBackbones;
import io.clothify.model.image.InferenceViews;
import io.clothify.training.loop.TimeBudget;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every hyperparameter, once. Two defaults ({@code "28", "128"}) are compact-cnn's and photo-cnn's. The order is
 * that of the {@link Hyperparameters} record's components, whose names are these in camelCase.
 */
final class HyperparameterTable {
    private static final CompactCnn.Config COMPACT = CompactCnn.Config.defaults();

    static final List<Setting> ALL = List.of(
            Setting.of("architecture", STRING, "compact-cnn (28x28 gray, <=100k params), photo-cnn (residual CNN"
                    + " for RGB photos) or torchscript (a pretrained backbone, see backbone, and a new head); default:"
                    + " torchscript with a backbone, else compact-cnn for IDX data, photo-cnn for photo folders")
                    .computedDefault(Setting.Context::architecture, null)
                    .oneOf(Architectures.NAMES, "one of " + Architectures.NAMES),
            Setting.of(Hyperparameter.BACKBONE, STRING, "torchscript: the pretrained feature extractor: "
                    + String.join(" or ", ModelZooBackbones.names()) + " (ImageNet networks of DJL's model zoo,"
                    + " downloaded at the start: needs internet), a DJL model-zoo URL (djl://...), or a TorchScript"
                    + " file mapping [N,3,H,W] images to [N,F] or [N,F,1,1] features (e.g. an ImageNet ResNet"
                    + " without its fc layer); the artifact carries a copy").computedDefault(context -> "", null)
                    .onlyFor(TorchScriptNet.NAME),
            Setting.of("image_size", INT, "input width=height in pixels")
                    .computedDefault(context -> context.compact() ? 28
                            : BackboneSource.trainedImageSize(context.backbone()).orElse(128),
                            "28 / 128; with a model-zoo backbone " + ModelZooBackbones.IMAGE_SIZE
                                    + ", the size it was trained at").ints(8, 512),
            Setting.of("crop_fraction", DOUBLE, "evaluation center-crop fraction of the resized image")
                    .defaults("1.0", "0.875").doubleCheck(v -> v > 0.3 && v <= 1, "in (0.3, 1]"),
            Setting.of(Hyperparameter.EPOCHS, INT, "number of epochs").defaults("60", "90").ints(1, 1000),
            Setting.of("batch_size", INT, "images per batch").defaults("128", "32").ints(1, 4096),
            Setting.of(Hyperparameter.LEARNING_RATE, DOUBLE, "peak learning rate").defaults("0.003", "0.002")
                    .doubleCheck(v -> v > 0 && v < 10, "in (0, 10)"),
            Setting.of("schedule", SCHEDULE, "onecycle (warm-up then cosine down to ~0), cosine (warm-up + cosine) or"
                    + " constant").defaults("onecycle"),
            Setting.of("warmup_fraction", DOUBLE, "fraction of all steps spent warming up").defaults("0.2")
                    .doubleCheck(v -> v >= 0 && v < 1, "in [0, 1)"),
            Setting.of("optimizer", LOWERCASE, "adamw, adam or sgd (momentum 0.9)").defaults("adamw")
                    .oneOf(Set.of("adamw", "adam", "sgd"), "adamw, adam or sgd"),
            Setting.of("weight_decay", DOUBLE, "weight decay").defaults("0.0005", "0.05")
                    .doubleCheck(v -> v >= 0 && v < 1, "in [0, 1)"),
            Setting.of("label_smoothing", DOUBLE, "label smoothing of the cross-entropy targets").defaults("0.1")
                    .doubleCheck(v -> v >= 0 && v < 1, "in [0, 1)"),
            Setting.of(Hyperparameter.INNER_SIZE, INT, "photo-cnn and torchscript: units of an extra dense"
                    + " layer before the classifier, 0 = none").defaults("0").ints(0, 8192),
            Setting.of(Hyperparameter.DROPOUT, DOUBLE, "dropout before the classifier").defaults("0.2")
                    .doubleCheck(v -> v >= 0 && v < 1, "in [0, 1)"),
            Setting.of("widths", INT_LIST, "comma-separated channel widths")
                    .computedDefault(context -> List.of(), "compact-cnn " + commaSeparated(COMPACT.widths())
                            + "; photo-cnn " + commaSeparated(PhotoCnn.Config.defaults().widths()))
                    .recordedAs((hp, network) -> network.getOrDefault("widths", Setting.NOT_RECORDED)),
            Setting.of("pool_after", INT_LIST, "compact-cnn: comma-separated 1-based positions of the convolutions"
                    + " followed by a 2x2 max-pool")
                    .computedDefault(context -> List.of(), commaSeparated(COMPACT.poolAfter()))
                    .recordedAs((hp, network) -> CompactCnn.NAME.equals(hp.architecture())
                            ? network.get("poolAfter") : Setting.NOT_RECORDED),
            Setting.of("head", LOWERCASE, "compact-cnn: what the classifier sees: gap (the average of each channel of"
                    + " the last feature map) or flatten (the whole last feature map, which keeps where each feature"
                    + " is; pool the last convolution to keep it small)")
                    .computedDefault(context -> "", COMPACT.head())
                    .onlyFor(CompactCnn.NAME).recordedFromNetwork("head")
                    .oneOf(Set.of("", CompactCnn.HEAD_AVERAGE, CompactCnn.HEAD_FLATTEN),
                            CompactCnn.HEAD_AVERAGE + " or " + CompactCnn.HEAD_FLATTEN),
            Setting.of("first_stride", INT, "compact-cnn: stride of the first convolution, 1 or 2 (2 halves the"
                    + " image without a pool; leave 1 out of pool_after)")
                    .computedDefault(context -> null, String.valueOf(COMPACT.firstStride()))
                    .whenEmpty(COMPACT.firstStride())
                    .onlyFor(CompactCnn.NAME).recordedFromNetwork("firstStride")
                    .intCheck(v -> v == 1 || v == 2, "1 or 2"),
            Setting.of("pool_before_norm", BOOL, "compact-cnn: pooled layers pool before their batch norm"
                    + " (conv-pool-BN-ReLU), which normalizes a quarter of the elements")
                    .computedDefault(context -> null, String.valueOf(COMPACT.poolBeforeNorm()))
                    .whenEmpty(COMPACT.poolBeforeNorm())
                    .onlyFor(CompactCnn.NAME).recordedFromNetwork("poolBeforeNorm"),
            Setting.of("blocks_per_stage", INT, "photo-cnn: residual blocks per stage").defaults("1").ints(1, 8),
            Setting.of("augment", AUGMENTATION, "comma-separated: flip, crop (random resized crop), shift (2-px"
                    + " shifts), rotate (+-10 degrees), color (brightness, contrast, saturation +-30 %), erase (random"
                    + " erasing), or none").defaults("flip,shift,erase", "flip,crop,rotate,color,erase"),
            Setting.of("mixup", DOUBLE, "mixup: blend image pairs and their targets, share drawn from Beta(alpha,"
                    + " alpha); this is alpha, 0 = off").defaults("0").doubleCheck(v -> v >= 0 && v <= 10, "0..10"),
            Setting.of("cutmix", DOUBLE, "cutmix: paste a box from another image and mix the targets by area, share"
                    + " drawn from Beta(alpha, alpha); this is alpha, 0 = off; with mixup too, each batch picks one")
                    .defaults("0").doubleCheck(v -> v >= 0 && v <= 10, "0..10"),
            Setting.of("patience", INT, "stop after this many epochs without a better validation accuracy, 0 ="
                    + " never").defaults("0").intCheck(v -> v >= 0, ">= 0"),
            Setting.of(Hyperparameter.MAX_MINUTES, DOUBLE, "stop training after this many minutes, then evaluate"
                    + " and save the best model; the learning-rate schedule follows the clock when it is further along"
                    + " than the steps, so the run has annealed by then, and epochs becomes a cap; 0 = no limit")
                    .defaults("0").doubleCheck(v -> v >= 0 && v <= 100_000, "0..100000"),
            Setting.of(Hyperparameter.TIME_LIMIT_SECONDS, INT, "the hard limit the job runs under, counted from its"
                    + " start (the retraining pipeline passes SageMaker's MaxRuntimeInSeconds): training stops "
                    + TimeBudget.describeMargin() + " before it, so the best model is evaluated and saved in time, as"
                    + " under max_minutes; 0 = none").defaults("0").intCheck(v -> v >= 0, "0 or more"),
            Setting.of("seed", LONG, "random seed").defaults("42"),
            Setting.of(Hyperparameter.MAX_BATCHES, INT, "cap on batches per epoch, 0 = all (for tests and smoke"
                    + " runs)").defaults("0").intCheck(v -> v >= 0, ">= 0"),
            Setting.of(Hyperparameter.THREADS, INT, "PyTorch intra-op threads (default: the CPUs available)")
                    .computedDefault(context -> Runtime.getRuntime().availableProcessors(), null).ints(1, 256),
            Setting.of("validation_fraction", DOUBLE, "fraction of train held out when there is no validation split")
                    .defaults("0.1").doubleCheck(v -> v > 0 && v < 1, "in (0, 1)"),
            Setting.of(Hyperparameter.PRETRAINED, STRING, "fine-tune from this artifact (folder or model.tar.gz);"
                    + " empty = from scratch").computedDefault(context -> "", null),
            Setting.of("freeze_backbone", BOOL, "with pretrained or a torchscript backbone: train only"
                    + " the classifier head, for the whole run unless unfreeze_after is given").defaults("false"),
            Setting.of("unfreeze_after", INT, "with pretrained or a torchscript backbone: train only the head for"
                    + " this many epochs, then the backbone too (its last unfreeze_stages stages, at"
                    + " backbone_learning_rate); 0 = no frozen phase (freeze_backbone decides)")
                    .defaults("0").ints(0, 1000),
            Setting.of("unfreeze_stages", INT, "with pretrained or a torchscript backbone: how many of its last"
                    + " top-level stages train (a TorchScript module's first name part: ResNet's conv1, bn1, layer1 ..."
                    + " layer4, so 1 = layer4); the others stay frozen; 0 = all").defaults("0").ints(0, 1000),
            Setting.of("backbone_learning_rate", DOUBLE, "peak learning rate of the backbone while it trains, on"
                    + " the head's schedule scaled by backbone_learning_rate / learning_rate")
                    .computedDefault(context -> null, "learning_rate")
                    .doubleCheck(v -> v > 0 && v < 10, "in (0, 10)")
                    .recordedAs((hp, network) -> hp.backboneLearningRate() == null ? Setting.NOT_RECORDED
                            : hp.backboneLearningRate()), // a recorded default would not resolve again
            Setting.of("test_time_flip", BOOL, "average predictions over the image and its mirror at test time when"
                    + " flips are part of the augmentation").defaults("true"),
            Setting.of("test_time_shift", INT, "also average over the views moved this many pixels right, left, down"
                    + " and up, when shifts are part of the augmentation; 0 = none").defaults("1", "0")
                    .ints(0, InferenceViews.MAX_SHIFT),
            Setting.of(Hyperparameter.MODEL_NAME, STRING, "name recorded in the artifact")
                    .computedDefault(context -> context.datasetName() + "-" + context.architecture(),
                            "<dataset>-<architecture>"));

    private HyperparameterTable() {}

    /** The form an INT_LIST value is written in: "1,3,5". */
    private static String commaSeparated(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
