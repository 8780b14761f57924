package io.clothify.model.arch;

import java.util.Map;
import java.util.Objects;

/**
 * The name of an architecture and the arguments that rebuild it, as stored in an artifact's metadata.
 *
 * @param name {@link CompactCnn#NAME}, {@link PhotoCnn#NAME} or {@link TorchScriptNet#NAME}
 * @param args the architecture's config record as a JSON-like map
 */
public record ArchitectureSpec(String name, Map<String, Object> args) {
    public ArchitectureSpec {
        Objects.requireNonNull(name, "architecture name");
        args = args == null ? Map.of() : Map.copyOf(args);
    }
}
