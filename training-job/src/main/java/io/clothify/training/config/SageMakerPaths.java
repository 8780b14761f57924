package io.clothify.training.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SageMaker's training-container layout under {@code /opt/ml} (overridable with the {@value #ROOT_ENV}
 * environment variable, so tests lay it out in a temporary folder).
 */
public record SageMakerPaths(Path root) {
    public static final String ROOT_ENV = "OPT_ML_ROOT";
    public static final String DEFAULT_ROOT = "/opt/ml";

    public static SageMakerPaths fromEnvironment(Map<String, String> env) {
        return new SageMakerPaths(Path.of(env.getOrDefault(ROOT_ENV, DEFAULT_ROOT)));
    }

    public Path hyperparametersFile() {
        return root.resolve("input/config/hyperparameters.json");
    }

    public Path channels() {
        return root.resolve("input/data");
    }

    public Path model() {
        return root.resolve("model");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path failureFile() {
        return root.resolve("output/failure");
    }

    /**
     * Reads hyperparameters.json (a JSON object whose values SageMaker passes as strings; numbers and booleans
     * are accepted too). A missing file means no hyperparameters.
     *
     * @throws IllegalArgumentException if the file is not a JSON object of scalars
     */
    public Map<String, String> readHyperparameters() throws IOException {
        Path file = hyperparametersFile();
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object of hyperparameters");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : new ObjectMapper().convertValue(node,
                new TypeReference<Map<String, JsonNode>>() {}).entrySet()) {
            if (!e.getValue().isValueNode()) {
                throw new IllegalArgumentException("Hyperparameter " + e.getKey() + " in " + file
                        + " must be a string, got " + e.getValue());
            }
            values.put(e.getKey(), e.getValue().asText());
        }
        return values;
    }

    /** Writes the reason of a failed job where SageMaker shows it (FailureReason). */
    public void writeFailure(String reason) {
        try {
            Files.createDirectories(failureFile().getParent());
            Files.writeString(failureFile(), reason.length() > 1000 ? reason.substring(0, 1000) : reason);
        } catch (IOException e) {
            System.err.println("Could not write " + failureFile() + ": " + e.getMessage());
        }
    }
}
