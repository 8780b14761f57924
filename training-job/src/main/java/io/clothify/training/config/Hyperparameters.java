package io.clothify.training.config;

import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.CompactCnn;
import io.clothify.model.arch.PhotoCnn;
import io.clothify.model.image.InferenceViews;
import io.clothify.training.augment.Augmentation;
import io.clothify.training.data.DatasetKind;
import io.clothify.training.loop.TimeBudget;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every training setting, with the same names in SageMaker's hyperparameters.json (values as strings) and in
 * local flags ({@code --learning_rate 0.002}). Defaults depend on the architecture, which itself defaults from
 * the dataset: {@code compact-cnn} for Fashion-MNIST IDX files, {@code photo-cnn} for photo folders.
 */
public record Hyperparameters(String architecture, int imageSize, double cropFraction, int epochs, int batchSize,
        double learningRate, Schedule schedule, double warmupFraction, String optimizer, double weightDecay,
        double labelSmoothing, int innerSize, double dropout, List<Integer> widths, List<Integer> poolAfter,
        String head, Integer firstStride, Boolean poolBeforeNorm, int blocksPerStage,
        Augmentation augment, double mixup, double cutmix, int patience, double maxMinutes, int timeLimitSeconds,
        long seed, int maxBatches, int threads, double validationFraction,
        String pretrained, boolean freezeBackbone, boolean testTimeFlip, int testTimeShift,
        String modelName) {

    /** Learning-rate schedules. */
    public enum Schedule { ONECYCLE, COSINE, CONSTANT }

    /** Every accepted name, with its meaning (for --help). */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("architecture", "compact-cnn (28x28 gray, <=100k params) or photo-cnn (residual CNN for RGB photos);"
                + " default: compact-cnn for IDX data, photo-cnn for photo folders");
        d.put("image_size", "input width=height in pixels (default 28 / 128)");
        d.put("crop_fraction", "evaluation center-crop fraction of the resized image (default 1.0 / 0.875)");
        d.put("epochs", "number of epochs (default 60 / 90)");
        d.put("batch_size", "images per batch (default 128 / 32)");
        d.put("learning_rate", "peak learning rate (default 0.003 / 0.002)");
        d.put("schedule", "onecycle (warm-up then cosine down to ~0), cosine (warm-up + cosine) or constant"
                + " (default onecycle)");
        d.put("warmup_fraction", "fraction of all steps spent warming up (default 0.2)");
        d.put("optimizer", "adamw, adam or sgd (momentum 0.9) (default adamw)");
        d.put("weight_decay", "weight decay (default 0.0005 / 0.05)");
        d.put("label_smoothing", "label smoothing of the cross-entropy targets (default 0.1)");
        d.put("inner_size", "photo-cnn: units of an extra dense layer before the classifier, 0 = none (default 0)");
        d.put("dropout", "dropout before the classifier (default 0.2)");
        CompactCnn.Config compact = CompactCnn.Config.defaults();
        d.put("widths", "comma-separated channel widths (default compact-cnn " + commaSeparated(compact.widths())
                + "; photo-cnn " + commaSeparated(PhotoCnn.Config.defaults().widths()) + ")");
        d.put("pool_after", "compact-cnn: comma-separated 1-based positions of the convolutions followed by a 2x2"
                + " max-pool (default " + commaSeparated(compact.poolAfter()) + ")");
        d.put("head", "compact-cnn: what the classifier sees: gap (the average of each channel of the last feature map)"
                + " or flatten (the whole last feature map, which keeps where each feature is; pool the last"
                + " convolution to keep it small) (default " + compact.head() + ")");
        d.put("first_stride", "compact-cnn: stride of the first convolution, 1 or 2 (2 halves the image without a"
                + " pool; leave 1 out of pool_after) (default " + compact.firstStride() + ")");
        d.put("pool_before_norm", "compact-cnn: pooled layers pool before their batch norm (conv-pool-BN-ReLU),"
                + " which normalizes a quarter of the elements (default " + compact.poolBeforeNorm() + ")");
        d.put("blocks_per_stage", "photo-cnn: residual blocks per stage (default 1)");
        d.put("augment", "comma-separated: flip, crop (random resized crop), shift (2-px shifts), rotate"
                + " (+-10 degrees), color (brightness, contrast, saturation +-30 %), erase (random erasing), or none"
                + " (default flip,shift,erase / flip,crop,rotate,color,erase)");
        d.put("mixup", "mixup: blend image pairs and their targets, share drawn from Beta(alpha, alpha); this is"
                + " alpha, 0 = off (default 0)");
        d.put("cutmix", "cutmix: paste a box from another image and mix the targets by area, share drawn from"
                + " Beta(alpha, alpha); this is alpha, 0 = off; with mixup too, each batch picks one (default 0)");
        d.put("patience", "stop after this many epochs without a better validation accuracy, 0 = never"
                + " (default 0)");
        d.put("max_minutes", "stop training after this many minutes, then evaluate and save the best model; the"
                + " learning-rate schedule follows the clock when it is further along than the steps, so the run"
                + " has annealed by then, and epochs becomes a cap; 0 = no limit (default 0)");
        d.put("time_limit_seconds", "the hard limit the job runs under, counted from its start (the retraining"
                + " pipeline passes SageMaker's MaxRuntimeInSeconds): training stops " + TimeBudget.describeMargin()
                + " before it, so the best model is evaluated and saved in time, as under max_minutes; 0 = none"
                + " (default 0)");
        d.put("seed", "random seed (default 42)");
        d.put("max_batches", "cap on batches per epoch, 0 = all (for tests and smoke runs) (default 0)");
        d.put("threads", "PyTorch intra-op threads (default: the CPUs available)");
        d.put("validation_fraction", "fraction of train held out when there is no validation split (default"
                + " 0.1)");
        d.put("pretrained", "fine-tune from this artifact (folder or model.tar.gz); empty = from scratch");
        d.put("freeze_backbone", "with pretrained: train only the classifier head (default false)");
        d.put("test_time_flip", "average predictions over the image and its mirror at test time when flips are"
                + " part of the augmentation (default true)");
        d.put("test_time_shift", "also average over the views moved this many pixels right, left, down and up,"
                + " when shifts are part of the augmentation; 0 = none (default 1 / 0)");
        d.put("model_name", "name recorded in the artifact (default <dataset>-<architecture>)");
        return Map.copyOf(d);
    }

    public Hyperparameters {
        require(Architectures.NAMES.contains(architecture), "architecture", architecture,
                "one of " + Architectures.NAMES);
        require(imageSize >= 8 && imageSize <= 512, "image_size", imageSize, "8..512");
        require(cropFraction > 0.3 && cropFraction <= 1, "crop_fraction", cropFraction, "in (0.3, 1]");
        require(epochs >= 1 && epochs <= 1000, "epochs", epochs, "1..1000");
        require(batchSize >= 1 && batchSize <= 4096, "batch_size", batchSize, "1..4096");
        require(learningRate > 0 && learningRate < 10, "learning_rate", learningRate, "in (0, 10)");
        require(warmupFraction >= 0 && warmupFraction < 1, "warmup_fraction", warmupFraction, "in [0, 1)");
        require(Set.of("adamw", "adam", "sgd").contains(optimizer), "optimizer", optimizer, "adamw, adam or sgd");
        require(weightDecay >= 0 && weightDecay < 1, "weight_decay", weightDecay, "in [0, 1)");
        require(labelSmoothing >= 0 && labelSmoothing < 1, "label_smoothing", labelSmoothing, "in [0, 1)");
        require(innerSize >= 0 && innerSize <= 8192, "inner_size", innerSize, "0..8192");
        require(dropout >= 0 && dropout < 1, "dropout", dropout, "in [0, 1)");
        require(blocksPerStage >= 1 && blocksPerStage <= 8, "blocks_per_stage", blocksPerStage, "1..8");
        require(mixup >= 0 && mixup <= 10, "mixup", mixup, "0..10");
        require(cutmix >= 0 && cutmix <= 10, "cutmix", cutmix, "0..10");
        require(patience >= 0, "patience", patience, ">= 0");
        require(maxMinutes >= 0 && maxMinutes <= 100_000, "max_minutes", maxMinutes, "0..100000");
        require(timeLimitSeconds >= 0, "time_limit_seconds", timeLimitSeconds, "0 or more");
        require(maxBatches >= 0, "max_batches", maxBatches, ">= 0");
        require(threads >= 1 && threads <= 256, "threads", threads, "1..256");
        require(validationFraction > 0 && validationFraction < 1, "validation_fraction", validationFraction,
                "in (0, 1)");
        widths = widths == null ? List.of() : List.copyOf(widths);
        poolAfter = poolAfter == null ? List.of() : List.copyOf(poolAfter);
        head = head == null ? "" : head.toLowerCase(Locale.ROOT);
        require(head.isEmpty() || CompactCnn.NAME.equals(architecture), "head", head,
                "nothing for " + architecture + " (head applies to " + CompactCnn.NAME + ")");
        require(head.isEmpty() || head.equals(CompactCnn.HEAD_AVERAGE) || head.equals(CompactCnn.HEAD_FLATTEN),
                "head", head, CompactCnn.HEAD_AVERAGE + " or " + CompactCnn.HEAD_FLATTEN);
        require(firstStride == null || CompactCnn.NAME.equals(architecture), "first_stride", firstStride,
                "nothing for " + architecture + " (first_stride applies to " + CompactCnn.NAME + ")");
        require(firstStride == null || firstStride == 1 || firstStride == 2, "first_stride", firstStride, "1 or 2");
        require(poolBeforeNorm == null || CompactCnn.NAME.equals(architecture), "pool_before_norm", poolBeforeNorm,
                "nothing for " + architecture + " (pool_before_norm applies to " + CompactCnn.NAME + ")");
        require(testTimeShift >= 0 && testTimeShift <= InferenceViews.MAX_SHIFT, "test_time_shift", testTimeShift,
                "0.." + InferenceViews.MAX_SHIFT);
        pretrained = pretrained == null ? "" : pretrained;
    }

    /**
     * Resolves given values (strings, as SageMaker passes them) against the defaults for the dataset kind.
     *
     * @throws IllegalArgumentException naming the hyperparameter, for an unknown name or a bad value
     */
    public static Hyperparameters resolve(Map<String, String> given, DatasetKind kind, String datasetName) {
        Map<String, String> v = normalize(given);
        String architecture = v.getOrDefault("architecture",
                kind == DatasetKind.IDX ? CompactCnn.NAME : PhotoCnn.NAME);
        boolean compact = CompactCnn.NAME.equals(architecture);
        String augment = v.getOrDefault("augment", compact ? "flip,shift,erase" : "flip,crop,rotate,color,erase");
        return new Hyperparameters(
                architecture,
                integer(v, "image_size", compact ? 28 : 128),
                decimal(v, "crop_fraction", compact ? 1.0 : 0.875),
                integer(v, "epochs", compact ? 60 : 90),
                integer(v, "batch_size", compact ? 128 : 32),
                decimal(v, "learning_rate", compact ? 0.003 : 0.002),
                parseEnum(v, "schedule", Schedule.ONECYCLE),
                decimal(v, "warmup_fraction", 0.2),
                v.getOrDefault("optimizer", "adamw").toLowerCase(Locale.ROOT),
                decimal(v, "weight_decay", compact ? 0.0005 : 0.05),
                decimal(v, "label_smoothing", 0.1),
                integer(v, "inner_size", 0),
                decimal(v, "dropout", 0.2),
                intList(v, "widths"),
                intList(v, "pool_after"),
                v.getOrDefault("head", ""),
                v.containsKey("first_stride")
                        ? integer(v, "first_stride", CompactCnn.Config.defaults().firstStride()) : null,
                v.containsKey("pool_before_norm")
                        ? bool(v, "pool_before_norm", CompactCnn.Config.defaults().poolBeforeNorm()) : null,
                integer(v, "blocks_per_stage", 1),
                parseAugment(augment),
                decimal(v, "mixup", 0),
                decimal(v, "cutmix", 0),
                integer(v, "patience", 0),
                decimal(v, "max_minutes", 0),
                integer(v, "time_limit_seconds", 0),
                integer(v, "seed", 42),
                integer(v, "max_batches", 0),
                integer(v, "threads", Runtime.getRuntime().availableProcessors()),
                decimal(v, "validation_fraction", 0.1),
                v.getOrDefault("pretrained", ""),
                bool(v, "freeze_backbone", false),
                bool(v, "test_time_flip", true),
                integer(v, "test_time_shift", compact ? 1 : 0),
                v.getOrDefault("model_name", datasetName + "-" + architecture));
    }

    /** The network to build, from the architecture's defaults overridden by these values. */
    public ArchitectureSpec architectureSpec() {
        if (CompactCnn.NAME.equals(architecture)) {
            CompactCnn.Config d = CompactCnn.Config.defaults();
            return Architectures.spec(architecture, new CompactCnn.Config(widths.isEmpty() ? d.widths() : widths,
                    poolAfter.isEmpty() ? d.poolAfter() : poolAfter, dropout, head.isEmpty() ? d.head() : head,
                    firstStride == null ? d.firstStride() : firstStride,
                    poolBeforeNorm == null ? d.poolBeforeNorm() : poolBeforeNorm));
        }
        PhotoCnn.Config d = PhotoCnn.Config.defaults();
        return Architectures.spec(architecture, new PhotoCnn.Config(widths.isEmpty() ? d.widths() : widths,
                blocksPerStage, innerSize, dropout));
    }

    /** The test-time views of the trained model: those of its augmentations that these values ask for. */
    public InferenceViews inferenceViews() {
        return new InferenceViews(testTimeFlip && augment.flip(), augment.shift() ? testTimeShift : 0);
    }

    /** The input spec of a model trained from scratch with these values. */
    public InputSpec inputSpec(int channels) {
        if (channels == 1) {
            InputSpec f = InputSpec.fashionMnist();
            return new InputSpec(imageSize, imageSize, 1, f.mean(), f.std(), cropFraction);
        }
        return InputSpec.rgb(imageSize, cropFraction);
    }

    /** The effective values, under their hyperparameter names, for the artifact's metadata. */
    public Map<String, Object> asMap() {
        Map<String, Object> network = architectureSpec().args();
        Map<String, Object> m = new TreeMap<>();
        m.put("architecture", architecture);
        m.put("image_size", imageSize);
        m.put("crop_fraction", cropFraction);
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("learning_rate", learningRate);
        m.put("schedule", schedule.name().toLowerCase(Locale.ROOT));
        m.put("warmup_fraction", warmupFraction);
        m.put("optimizer", optimizer);
        m.put("weight_decay", weightDecay);
        m.put("label_smoothing", labelSmoothing);
        m.put("inner_size", innerSize);
        m.put("dropout", dropout);
        m.put("widths", network.get("widths"));
        if (CompactCnn.NAME.equals(architecture)) {
            m.put("pool_after", network.get("poolAfter"));
            m.put("head", network.get("head"));
            m.put("first_stride", network.get("firstStride"));
            m.put("pool_before_norm", network.get("poolBeforeNorm"));
        }
        m.put("blocks_per_stage", blocksPerStage);
        m.put("augment", augment.toString());
        m.put("mixup", mixup);
        m.put("cutmix", cutmix);
        m.put("patience", patience);
        m.put("max_minutes", maxMinutes);
        m.put("time_limit_seconds", timeLimitSeconds);
        m.put("seed", seed);
        m.put("max_batches", maxBatches);
        m.put("threads", threads);
        m.put("validation_fraction", validationFraction);
        m.put("pretrained", pretrained);
        m.put("freeze_backbone", freezeBackbone);
        m.put("test_time_flip", testTimeFlip);
        m.put("test_time_shift", testTimeShift);
        m.put("model_name", modelName);
        return m;
    }

    private static Map<String, String> normalize(Map<String, String> given) {
        Map<String, String> v = new LinkedHashMap<>();
        given.forEach((rawKey, rawValue) -> {
            String key = rawKey.trim().replace('-', '_').toLowerCase(Locale.ROOT);
            if (key.startsWith("sagemaker_") || key.startsWith("_")) {
                return; // SageMaker's own entries
            }
            if (!DESCRIPTIONS.containsKey(key)) {
                throw new IllegalArgumentException("Unknown hyperparameter '" + rawKey + "'; known: "
                        + new TreeMap<>(DESCRIPTIONS).keySet());
            }
            String value = rawValue == null ? "" : rawValue.trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1); // some SDKs JSON-quote strings twice
            }
            v.put(key, value);
        });
        return v;
    }

    private static int integer(Map<String, String> v, String key, int fallback) {
        String s = v.get(key);
        if (s == null || s.isEmpty()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(s);
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) d;
        } catch (NumberFormatException e) {
            throw bad(key, s, "a whole number");
        }
    }

    private static double decimal(Map<String, String> v, String key, double fallback) {
        String s = v.get(key);
        if (s == null || s.isEmpty()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(key, s, "a number");
        }
    }

    private static boolean bool(Map<String, String> v, String key, boolean fallback) {
        String s = v.get(key);
        if (s == null || s.isEmpty()) {
            return fallback;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw bad(key, s, "true or false");
        };
    }

    /** The form {@link #intList} parses: "1,3,5". */
    private static String commaSeparated(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static List<Integer> intList(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s == null || s.isBlank()) {
            return List.of();
        }
        try {
            return Arrays.stream(s.replace("[", "").replace("]", "").split(","))
                    .map(String::trim).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw bad(key, s, "comma-separated whole numbers");
        }
    }

    private static Schedule parseEnum(Map<String, String> v, String key, Schedule fallback) {
        String s = v.get(key);
        if (s == null || s.isEmpty()) {
            return fallback;
        }
        try {
            return Schedule.valueOf(s.toUpperCase(Locale.ROOT).replace("-", "").replace("_", ""));
        } catch (IllegalArgumentException e) {
            throw bad(key, s, "onecycle, cosine or constant");
        }
    }

    private static Augmentation parseAugment(String s) {
        try {
            return Augmentation.parse(s);
        } catch (IllegalArgumentException e) {
            throw bad("augment", s, e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("Invalid hyperparameter " + key + "='" + value + "': expected "
                + expected);
    }

    private static void require(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw bad(key, String.valueOf(value), expected);
        }
    }
}
