package io.clothify.model.contract;

import java.util.List;

/**
 * What the training pipeline hands the training job besides hyperparameters: the SageMaker input channels (folders
 * under {@code /opt/ml/input/data/}) and the environment variable naming the dataset.
 */
public final class TrainingChannels {
    /** Class folders (or Fashion-MNIST IDX files) to train on; required. */
    public static final String TRAIN = "train";
    /** Class folders to select the best epoch on; optional (the trainer then holds out part of train). */
    public static final String VALIDATION = "validation";
    /** Class folders the gate's test accuracy is measured on; required by the pipeline. */
    public static final String TEST = "test";
    /** The data channels, in the order the pipeline lists them. */
    public static final List<String> DATA = List.of(TRAIN, VALIDATION, TEST);
    /** An artifact (folder or model.tar.gz) to fine-tune from. */
    public static final String PRETRAINED = "pretrained";
    /**
     * One TorchScript file to use as the backbone (transfer learning from an S3 URI): the job sets the
     * {@link Hyperparameter#BACKBONE} hyperparameter to it. The only way to a pretrained network when the job runs
     * under network isolation, where DJL's model zoo cannot download.
     */
    public static final String BACKBONE = "backbone";

    /** The dataset's name (its folder under {@link ModelStoreLayout#DATA_PREFIX}), recorded in the artifact. */
    public static final String DATASET_NAME_ENV = "DATASET_NAME";

    private TrainingChannels() {}
}
