package io.clothify.training.config;

import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.BackboneSource;
import io.clothify.model.arch.CompactCnn;
import io.clothify.model.arch.PhotoCnn;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.contract.Hyperparameter;
import io.clothify.model.contract.ModelZooBackbones;
import io.clothify.model.image.InferenceViews;
import io.clothify.training.augment.Augmentation;
import io.clothify.training.data.DatasetKind;
import io.clothify.training.finetune.FineTuning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every training setting, with the same names in SageMaker's hyperparameters.json (values as strings) and in
 * local flags ({@code --learning_rate 0.002}). Defaults depend on the architecture, which itself defaults from
 * the dataset: {@code compact-cnn} for Fashion-MNIST IDX files, {@code photo-cnn} for photo folders. Each
 * component is one setting of {@link HyperparameterTable} (its name in camelCase); {@link #resolve} builds and checks
 * the record from it, and {@link #asMap} records it.
 */
public record Hyperparameters(String architecture, String backbone, int imageSize, double cropFraction, int epochs,
        int batchSize, double learningRate, Schedule schedule, double warmupFraction, String optimizer,
        double weightDecay, double labelSmoothing, int innerSize, double dropout, List<Integer> widths,
        List<Integer> poolAfter, String head, Integer firstStride, Boolean poolBeforeNorm, int blocksPerStage,
        Augmentation augment, double mixup, double cutmix, int patience, double maxMinutes, int timeLimitSeconds,
        long seed, int maxBatches, int threads, double validationFraction,
        String pretrained, boolean freezeBackbone, int unfreezeAfter, int unfreezeStages,
        Double backboneLearningRate, boolean testTimeFlip, int testTimeShift,
        String modelName) {

    /** Learning-rate schedules. */
    public enum Schedule { ONECYCLE, COSINE, CONSTANT }

    /** Every accepted name, with its meaning (for --help). */
    public static final Map<String, String> DESCRIPTIONS = HyperparameterTable.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(setting -> setting.name, Setting::help));

    public Hyperparameters {
        widths = widths == null ? List.of() : List.copyOf(widths);
        poolAfter = poolAfter == null ? List.of() : List.copyOf(poolAfter);
        head = head == null ? "" : head.toLowerCase(Locale.ROOT);
        pretrained = pretrained == null ? "" : pretrained;
        backbone = backbone == null ? "" : backbone;
    }

    /**
     * Resolves given values (strings, as SageMaker passes them) against the defaults for the dataset kind, then
     * checks every value ({@link HyperparameterTable} declares the names, types, defaults and checks).
     *
     * @throws IllegalArgumentException naming the hyperparameter, for an unknown name or a bad value
     */
    public static Hyperparameters resolve(Map<String, String> given, DatasetKind kind, String datasetName) {
        Map<String, String> v = normalize(given);
        String backbone = v.getOrDefault(Hyperparameter.BACKBONE, "");
        String architecture = v.getOrDefault("architecture", !backbone.isEmpty()
                ? TorchScriptNet.NAME : kind == DatasetKind.IDX ? CompactCnn.NAME : PhotoCnn.NAME);
        Setting.Context context = new Setting.Context(architecture, CompactCnn.NAME.equals(architecture),
                datasetName, backbone);
        Map<String, Object> values = new LinkedHashMap<>();
        HyperparameterTable.ALL.forEach(setting -> values.put(setting.name,
                setting.resolve(v.get(setting.name), context)));
        HyperparameterTable.ALL.forEach(setting -> setting.check(values.get(setting.name), architecture));
        if (TorchScriptNet.NAME.equals(architecture)) {
            if (backbone.isEmpty()) {
                throw new IllegalArgumentException("Invalid hyperparameters: architecture=" + architecture
                        + " needs backbone=<" + String.join(", ", ModelZooBackbones.names())
                        + ", a djl:// model-zoo URL or a TorchScript file>");
            }
            BackboneSource.check(backbone);
        }
        Hyperparameters hp = RecordComponents.construct(values);
        FineTuning.of(hp); // refuses unfreezing settings that would have no effect
        return hp;
    }

    /** The backbone's peak learning rate: {@code backbone_learning_rate}, else {@code learning_rate}. */
    public double effectiveBackboneLearningRate() {
        return backboneLearningRate == null ? learningRate : backboneLearningRate;
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
        if (TorchScriptNet.NAME.equals(architecture)) {
            return Architectures.spec(architecture, new TorchScriptNet.Config(
                    BackboneSource.localFile(backbone).toString(), innerSize, dropout));
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
        HyperparameterTable.ALL.forEach(setting -> {
            Object recorded = setting.record(this, RecordComponents.value(this, setting.name), network);
            if (recorded != Setting.NOT_RECORDED) {
                m.put(setting.name, recorded);
            }
        });
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
}
