package io.clothify.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.model.contract.ArtifactFiles;
import io.clothify.model.contract.FileDigest;
import io.clothify.model.contract.Hyperparameter;
import io.clothify.model.contract.TarGz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What the stack needs to know about the model it ships ({@code model.tar.gz}), read from the archive itself so the
 * artifact stays the one source of truth: its SHA-256 (the content address of its S3 key), the test accuracy its
 * metadata recorded (the first pointer's score, which a retrained model has to beat), the dataset it was trained on,
 * and its training recipe (the hyperparameters in its metadata), which the pipeline uses as its defaults so that a
 * plain retrain reproduces the live model. Only the metadata entry is read, with the model module's DJL-free tar
 * reader, without unpacking the archive or loading the model or its engine.
 *
 * @param sha256 lowercase hex SHA-256 of the archive's bytes
 * @param testAccuracy {@code testMetrics.accuracy}, empty when the metadata has none
 * @param dataset {@code dataset.name}, empty when the metadata has none
 * @param recipe the hyperparameters (as the strings SageMaker passes) that reproduce the model, without the
 *        settings that belong to one machine or one run ({@link #NOT_RECIPE})
 */
record ShippedArtifact(String sha256, OptionalDouble testAccuracy, String dataset, Map<String, String> recipe) {
    /** Hyperparameters of the run, not of the recipe: the machine's threads, smoke-test caps, names, time limits. */
    static final Set<String> NOT_RECIPE = Hyperparameter.NOT_RECIPE;
    private static final int MAX_METADATA_BYTES = 1 << 20;

    ShippedArtifact {
        recipe = Map.copyOf(recipe);
    }

    /** The first 12 hex digits of {@link #sha256()}: the shipped model's key and version. */
    String shortHash() {
        return sha256.substring(0, 12);
    }

    /**
     * @throws IllegalArgumentException naming the file when it is not a readable gzip'd tar
     */
    static ShippedArtifact read(Path archive) {
        try {
            return new ShippedArtifact(FileDigest.sha256(archive), metadata(archive));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot read the metadata of model artifact " + archive + ": "
                    + e.getMessage(), e);
        }
    }

    private ShippedArtifact(String sha256, JsonNode metadata) {
        this(sha256,
                metadata.path("testMetrics").path("accuracy").isNumber()
                        ? OptionalDouble.of(metadata.path("testMetrics").path("accuracy").asDouble())
                        : OptionalDouble.empty(),
                metadata.path("dataset").path("name").asText(""),
                recipe(metadata.path("hyperparameters")));
    }

    private static Map<String, String> recipe(JsonNode hyperparameters) {
        Map<String, String> recipe = new TreeMap<>();
        hyperparameters.fields().forEachRemaining(field -> {
            if (!NOT_RECIPE.contains(field.getKey()) && !field.getValue().isNull()) {
                recipe.put(field.getKey(), asHyperparameter(field.getValue()));
            }
        });
        return recipe;
    }

    /** SageMaker passes every hyperparameter as a string; lists are comma-separated, as the training job reads them. */
    private static String asHyperparameter(JsonNode value) {
        if (value.isArray()) {
            return StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining(","));
        }
        return value.asText();
    }

    private static JsonNode metadata(Path archive) throws IOException {
        Optional<byte[]> metadata = TarGz.readFile(archive, ArtifactFiles.METADATA_FILE, MAX_METADATA_BYTES);
        return metadata.isPresent() ? new ObjectMapper().readTree(metadata.get())
                : new ObjectMapper().createObjectNode();
    }
}
