package io.clothify.function.savedmodel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.model.InputSpec;
import io.clothify.model.contract.ArtifactException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The small file a user writes next to a Keras/TensorFlow SavedModel ({@value #FILE_NAME}) so it can be served:
 *
 * <pre>
 * {"name": "fashion-keras", "version": "2026-11-21", "classNames": ["t-shirt", ...],
 *  "input": {"width": 28, "height": 28, "channels": 1, "mean": [0.0], "std": [1.0], "cropFraction": 1.0},
 *  "outputsProbabilities": true, "signature": "serving_default"}
 * </pre>
 *
 * The input is resized (and center-cropped) and scaled as {@link InputSpec} says, then fed as NHWC float32, the
 * layout Keras uses; 0..1 scaling is mean 0 / std 1, Keras' -1..1 ({@code preprocess_input} of Xception or
 * MobileNet) is mean 0.5 / std 0.5.
 *
 * @param name a display name
 * @param version the version shown in answers
 * @param classNames class names in the model's output order
 * @param input the input size, channels and scaling
 * @param outputsProbabilities whether the output is already softmax probabilities (else logits)
 * @param signature the signature to call (default {@code serving_default})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SavedModelMetadata(String name, String version, List<String> classNames, InputSpec input,
        Boolean outputsProbabilities, String signature) {
    public static final String FILE_NAME = "clothify-model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public SavedModelMetadata {
        if (classNames == null || classNames.size() < 2) {
            throw new IllegalArgumentException("classNames needs at least two classes");
        }
        if (input == null) {
            throw new IllegalArgumentException("input (width, height, channels, mean, std, cropFraction) is required");
        }
        classNames = List.copyOf(classNames);
        name = name == null || name.isBlank() ? "savedmodel" : name;
        version = version == null || version.isBlank() ? "unversioned" : version;
        outputsProbabilities = outputsProbabilities == null || outputsProbabilities;
        signature = signature == null || signature.isBlank() ? "serving_default" : signature;
    }

    /** Whether {@code dir} looks like a SavedModel directory. */
    public static boolean isSavedModel(Path dir) {
        return Files.isRegularFile(dir.resolve("saved_model.pb"));
    }

    /**
     * Reads the metadata next to a SavedModel.
     *
     * @throws ArtifactException if it is missing or malformed
     */
    public static SavedModelMetadata read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ArtifactException("The SavedModel " + dir + " has no " + FILE_NAME
                    + " (class names, input size and scaling); see the README");
        }
        try {
            return JSON.readValue(Files.readAllBytes(file), SavedModelMetadata.class);
        } catch (IOException | RuntimeException e) {
            throw new ArtifactException("Malformed " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path dir) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE_NAME).toFile(), this);
    }
}
