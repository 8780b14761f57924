package io.clothify.model.contract;

/**
 * The S3 key layout shared by the training pipeline (infra) and the inference function.
 *
 * <pre>
 * data/&lt;dataset&gt;/{train,validation,test}/&lt;class&gt;/*.jpg   training channels
 * training/&lt;job-name&gt;/output/model.tar.gz                SageMaker output of each training job
 * checkpoints/&lt;job-name&gt;/                                SageMaker checkpoint sync
 * models/current.json                                    the promotion pointer (see {@link ModelPointer})
 * models/default-&lt;sha256 prefix&gt;/model.tar.gz          the model shipped with the stack, keyed by its content
 * models/backbones/&lt;sha256 prefix&gt;/&lt;file&gt;             TorchScript backbones for transfer learning
 * </pre>
 */
public final class ModelStoreLayout {
    public static final String DATA_PREFIX = "data/";
    public static final String TRAINING_PREFIX = "training/";
    public static final String CHECKPOINTS_PREFIX = "checkpoints/";
    public static final String MODELS_PREFIX = "models/";
    public static final String POINTER_KEY = MODELS_PREFIX + "current.json";
    /** The first segment of a shipped model's key and version; the rest is a prefix of its SHA-256. */
    public static final String DEFAULT_MODEL_PREFIX = "default-";
    public static final String DEFAULT_DATASET = "clothing-dataset-small";
    /**
     * Where TorchScript backbones for transfer learning live (the training job's {@code backbone} channel). Under
     * {@link #MODELS_PREFIX}, which training jobs may already read.
     */
    public static final String BACKBONES_PREFIX = MODELS_PREFIX + "backbones/";
    /** What follows {@code training/<job-name>} in the key of a training job's artifact. */
    public static final String TRAINING_OUTPUT_SUFFIX = "/output/" + ArtifactFiles.ARCHIVE_NAME;

    private ModelStoreLayout() {}

    /** The data prefix of one dataset, e.g. {@code data/clothing-dataset-small/}. */
    public static String dataPrefix(String dataset) {
        return DATA_PREFIX + requireSegment(dataset) + "/";
    }

    /**
     * Where the model shipped with the stack is copied: {@code models/default-<sha256 prefix>/model.tar.gz}. Keyed by
     * content, so a redeploy with a new default never changes the bytes behind a key that a pointer already names.
     *
     * @param sha256Prefix the first 12 or more lowercase hex digits of the artifact's SHA-256
     */
    public static String defaultModelKey(String sha256Prefix) {
        if (sha256Prefix == null || !sha256Prefix.matches("[0-9a-f]{12,64}")) {
            throw new IllegalArgumentException("Expected 12 to 64 lowercase hex digits of a SHA-256, got: "
                    + sha256Prefix);
        }
        return MODELS_PREFIX + DEFAULT_MODEL_PREFIX + sha256Prefix + "/" + ArtifactFiles.ARCHIVE_NAME;
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
