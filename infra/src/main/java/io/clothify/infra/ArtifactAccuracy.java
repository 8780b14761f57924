package io.clothify.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.model.artifact.ModelArtifacts;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.zip.GZIPInputStream;

/**
 * Reads the test accuracy a model artifact ({@code model.tar.gz}) recorded in its metadata file, so that the first
 * pointer carries the shipped model's real score and a retrained model has to beat it. Only the metadata entry is
 * read (a plain ustar walk), without loading the model or its engine.
 */
final class ArtifactAccuracy {
    private static final int BLOCK = 512;

    private ArtifactAccuracy() {}

    /** {@code testMetrics.accuracy} of the artifact, or empty when it has no metadata or no test metrics. */
    static OptionalDouble of(Path archive) {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            byte[] header = new byte[BLOCK];
            while (in.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                if (path.equals(ModelArtifacts.METADATA_FILE) || path.endsWith("/" + ModelArtifacts.METADATA_FILE)) {
                    JsonNode accuracy = new ObjectMapper().readTree(in.readNBytes((int) size))
                            .path("testMetrics").path("accuracy");
                    return accuracy.isNumber() ? OptionalDouble.of(accuracy.asDouble()) : OptionalDouble.empty();
                }
                in.skipNBytes((size + BLOCK - 1) / BLOCK * BLOCK);
            }
            return OptionalDouble.empty();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot read the metadata of model artifact " + archive + ": "
                    + e.getMessage(), e);
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

}
