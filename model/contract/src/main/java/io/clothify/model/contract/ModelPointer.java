package io.clothify.model.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The content of {@code models/current.json}: which artifact is live. Written only by promotion (the training
 * pipeline's quality gate), read by the inference function, which swaps models when {@link #modelVersion()}
 * changes.
 *
 * <pre>{"modelUri":"s3://bucket/training/job-1/output/model.tar.gz","modelVersion":"job-1",
 *  "testAccuracy":0.87,"promotedAt":"2026-11-21T10:00:00Z"}</pre>
 *
 * @param modelUri where the artifact is: an {@code s3://} URI of a model.tar.gz (or a local path in tests)
 * @param modelVersion a unique name for the artifact (the training job's name), shown in every answer
 * @param testAccuracy the accuracy the artifact reached on its test split, used by the quality gate
 * @param promotedAt ISO-8601 instant of the promotion
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelPointer(String modelUri, String modelVersion, double testAccuracy, String promotedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelPointer {
        Objects.requireNonNull(modelUri, "modelUri");
        Objects.requireNonNull(modelVersion, "modelVersion");
        if (modelUri.isBlank() || modelVersion.isBlank()) {
            throw new IllegalArgumentException("A model pointer needs a modelUri and a modelVersion");
        }
    }

    /** Parses a pointer; a malformed one is an {@link IllegalArgumentException} naming what was wrong. */
    public static ModelPointer parse(byte[] json) {
        try {
            return JSON.readValue(json, ModelPointer.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Malformed model pointer: " + e.getMessage(), e);
        }
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
