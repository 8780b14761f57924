package io.clothify.function.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The clothing model the repository ships ({@code model/artifacts/default-model.tar.gz}), packed into the function
 * jar as a class-path resource so that {@code serve} without {@code --model} works from wherever the jar runs
 * (a path relative to the jar would break as soon as the jar is copied elsewhere).
 */
final class ShippedModel {
    static final String RESOURCE = "/io/clothify/function/model/default-model.tar.gz";
    static final String DESCRIPTION = "the shipped clothing model (model/artifacts/default-model.tar.gz)";

    private ShippedModel() {}

    /**
     * Copies the archive to a temporary file, deleted when the JVM exits (the loaders read files, not streams).
     *
     * @throws IllegalStateException if the jar was built without it
     */
    static Path extract() throws IOException {
        try (InputStream in = ShippedModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("This build has no " + RESOURCE + " inside; pass --model <path>");
            }
            Path file = Files.createTempFile("clothify-default-model-", ".tar.gz");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }
}
