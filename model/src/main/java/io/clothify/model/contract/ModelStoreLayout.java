package io.clothify.model.contract;

/**
 * The S3 key layout shared by the training pipeline (infra) and the inference function.
 *
 * <pre>
 * data/&lt;dataset&gt;/{train,validation,test}/&lt;class&gt;/*.jpg   training channels
 * training/&lt;job-name&gt;/output/model.tar.gz                SageMaker output of each training job
 * checkpoints/&lt;job-name&gt;/                                SageMaker checkpoint sync
 * models/current.json                                    the promotion pointer (see {@link ModelPointer})
 * models/default/model.tar.gz                            the model shipped with the stack (first deploy)
 * </pre>
 */
public final class ModelStoreLayout {
    public static final String DATA_PREFIX = "data/";
    public static final String TRAINING_PREFIX = "training/";
    public static final String CHECKPOINTS_PREFIX = "checkpoints/";
    public static final String MODELS_PREFIX = "models/";
    public static final String POINTER_KEY = MODELS_PREFIX + "current.json";
    public static final String DEFAULT_MODEL_KEY = MODELS_PREFIX + "default/model.tar.gz";
    public static final String DEFAULT_DATASET = "clothing-dataset-small";

    private ModelStoreLayout() {}

    /** The data prefix of one dataset, e.g. {@code data/clothing-dataset-small/}. */
    public static String dataPrefix(String dataset) {
        return DATA_PREFIX + requireSegment(dataset) + "/";
    }

    /** The checkpoint prefix of one training job. */
    public static String checkpointPrefix(String jobName) {
        return CHECKPOINTS_PREFIX + requireSegment(jobName) + "/";
    }

    private static String requireSegment(String segment) {
        if (segment == null || segment.isEmpty() || segment.contains("/") || segment.contains("..")) {
            throw new IllegalArgumentException("Expected a single key segment, got: " + segment);
        }
        return segment;
    }
}
