package io.clothify.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Insertion-ordered maps for everything rendered into the template. {@code Map.of} iterates in an order that
 * changes from one JVM to the next, which would make every synth produce a different state machine definition (and
 * every deploy an update).
 */
final class Json {
    private Json() {}

    static Map<String, Object> obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Expected key/value pairs, got " + keysAndValues.length + " items");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
