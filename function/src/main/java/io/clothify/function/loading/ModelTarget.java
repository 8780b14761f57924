package io.clothify.function.loading;

import java.util.Objects;

/**
 * Which artifact should be serving.
 *
 * @param uri an {@code s3://bucket/key} URI or a local directory/archive path
 * @param version the version to report, or {@code null} to use the artifact's own
 */
public record ModelTarget(String uri, String version) {
    public ModelTarget {
        Objects.requireNonNull(uri, "uri");
        if (uri.isBlank()) {
            throw new IllegalArgumentException("A model target needs a URI");
        }
    }
}
