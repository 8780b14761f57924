package io.clothify.model.contract;

/** The file names of a model artifact that code outside {@code model} (the stack) has to know. */
public final class ArtifactFiles {
    /** The self-describing metadata of an artifact (architecture, classes, metrics, recipe). */
    public static final String METADATA_FILE = "metadata.json";
    /** An artifact as one file: the name SageMaker gives a training job's output. */
    public static final String ARCHIVE_NAME = "model.tar.gz";

    private ArtifactFiles() {}
}
