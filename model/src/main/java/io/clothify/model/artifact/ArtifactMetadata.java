package io.clothify.model.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.image.InferenceViews;
import java.util.List;
import java.util.Map;

/**
 * The self-describing part of a model artifact ({@code metadata.json}): everything needed to rebuild and use
 * the network without guessing.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; a loader refuses versions it does not know
 * @param kind {@link #KIND_DJL}
 * @param name model name (e.g. {@code clothing-photo-cnn})
 * @param version unique version, e.g. the training job name
 * @param architecture the network and its arguments
 * @param classNames class names in output order
 * @param input the input spec (size, channels, normalization)
 * @param parametersFile file name of the DJL parameters, next to this metadata
 * @param parametersSha256 hex SHA-256 of the parameters file, checked on load
 * @param trainableParameters number of trainable parameters
 * @param testTimeFlip whether predictions average the image and its mirror (as the test metrics did)
 * @param testTimeShift pixels of the shifted views whose predictions are averaged too (as the test metrics did);
 *     0 for none, and for artifacts written before shifted views existed
 * @param testMetrics metrics on the test split, or null when there was none
 * @param validationMetrics metrics of the kept model on the validation split, or null
 * @param hyperparameters the training hyperparameters
 * @param dataset the training data's fingerprint, or null
 * @param libraries library versions (djl, engine, java)
 * @param createdAt ISO-8601 instant
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactMetadata(int formatVersion, String kind, String name, String version,
        ArchitectureSpec architecture, List<String> classNames, InputSpec input, String parametersFile,
        String parametersSha256, long trainableParameters, boolean testTimeFlip, int testTimeShift,
        EvaluationMetrics testMetrics, EvaluationMetrics validationMetrics, Map<String, Object> hyperparameters,
        DatasetInfo dataset, Map<String, String> libraries, String createdAt) {

    public static final int FORMAT_VERSION = 1;
    public static final String KIND_DJL = "djl";

    /** The views whose predictions this model averages. */
    public InferenceViews inferenceViews() {
        return new InferenceViews(testTimeFlip, testTimeShift);
    }

    public ArtifactMetadata withParameters(String file, String sha256) {
        return new ArtifactMetadata(formatVersion, kind, name, version, architecture, classNames, input, file,
                sha256, trainableParameters, testTimeFlip, testTimeShift, testMetrics, validationMetrics,
                hyperparameters, dataset, libraries, createdAt);
    }

    public ArtifactMetadata withArchitecture(ArchitectureSpec spec) {
        return new ArtifactMetadata(formatVersion, kind, name, version, spec, classNames, input, parametersFile,
                parametersSha256, trainableParameters, testTimeFlip, testTimeShift, testMetrics, validationMetrics,
                hyperparameters, dataset, libraries, createdAt);
    }

    public ArtifactMetadata withTestMetrics(EvaluationMetrics metrics) {
        return new ArtifactMetadata(formatVersion, kind, name, version, architecture, classNames, input,
                parametersFile, parametersSha256, trainableParameters, testTimeFlip, testTimeShift, metrics,
                validationMetrics, hyperparameters, dataset, libraries, createdAt);
    }
}
