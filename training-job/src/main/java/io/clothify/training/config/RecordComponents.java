package io.clothify.training.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ties {@link HyperparameterTable}'s names to the {@link Hyperparameters} record's components ({@code image_size}
 * is {@code imageSize()}), so the record is built and read by name and the list of settings is written once. A
 * setting without a component, or a component without a setting, fails when the class loads.
 */
final class RecordComponents {
    private static final Map<String, RecordComponent> BY_NAME = Arrays.stream(
                    Hyperparameters.class.getRecordComponents())
            .collect(Collectors.toMap(c -> snakeCase(c.getName()), c -> c, (a, b) -> a, LinkedHashMap::new));
    private static final Constructor<Hyperparameters> CANONICAL = canonical();

    static {
        Set<String> settings = HyperparameterTable.ALL.stream().map(s -> s.name).collect(Collectors.toSet());
        if (!settings.equals(BY_NAME.keySet())) {
            throw new IllegalStateException("Hyperparameter settings " + settings + " and record components "
                    + BY_NAME.keySet() + " differ");
        }
    }

    private RecordComponents() {}

    /** A record holding these values (by hyperparameter name). */
    static Hyperparameters construct(Map<String, Object> values) {
        Object[] args = BY_NAME.keySet().stream().map(values::get).toArray();
        try {
            return CANONICAL.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build Hyperparameters from " + values, e);
        }
    }

    /** One component's value, by hyperparameter name. */
    static Object value(Hyperparameters hp, String name) {
        try {
            return BY_NAME.get(name).getAccessor().invoke(hp);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read hyperparameter " + name, e);
        }
    }

    static String snakeCase(String camelCase) {
        return camelCase.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    private static Constructor<Hyperparameters> canonical() {
        Class<?>[] types = Arrays.stream(Hyperparameters.class.getRecordComponents())
                .map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return Hyperparameters.class.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("A record always has its canonical constructor", e);
        }
    }
}
