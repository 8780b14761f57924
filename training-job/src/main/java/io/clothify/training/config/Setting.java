package io.clothify.training.config;

import io.clothify.training.augment.Augmentation;
import io.clothify.training.config.Hyperparameters.Schedule;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * One hyperparameter, declared once: its name (in hyperparameters.json and as a flag), its type, its default for
 * each architecture (written as a user would pass it, and parsed the same way), its check, the architecture it
 * applies to, its description, and how the artifact records it. {@link HyperparameterTable} lists them all;
 * {@link Hyperparameters} resolves, checks and records values with them.
 */
final class Setting {
    /** The kinds of value, each with its parser. */
    enum Type { INT, LONG, DOUBLE, BOOL, STRING, LOWERCASE, INT_LIST, SCHEDULE, AUGMENTATION }

    /** What defaults depend on: the architecture (compact or not), the dataset's name and the backbone given. */
    record Context(String architecture, boolean compact, String datasetName, String backbone) {}

    /** Returned by a recorder for a value the artifact does not record (e.g. a compact-only one for photo-cnn). */
    static final Object NOT_RECORDED = new Object();

    final String name;
    final Type type;
    private final String description;
    private Function<Context, Object> defaultValue;
    private Function<Context, Object> emptyValue;
    private String defaultHelp;
    private Predicate<Object> check = v -> true;
    private String expected = "";
    private String onlyFor;
    private BiFunction<Hyperparameters, Map<String, Object>, Object> recorder;

    private Setting(String name, Type type, String description) {
        this.name = name;
        this.type = type;
        this.description = description;
    }

    static Setting of(String name, Type type, String description) {
        return new Setting(name, type, description);
    }

    /** The same default for every architecture, as a user would write it. */
    Setting defaults(String value) {
        return defaults(value, value);
    }

    /** The defaults for compact-cnn and for photo-cnn, as a user would write them; --help shows them. */
    Setting defaults(String compact, String photo) {
        Object c = parse(compact);
        Object p = parse(photo);
        this.defaultValue = context -> context.compact() ? c : p;
        this.defaultHelp = compact.equals(photo) ? compact : compact + " / " + photo;
        return this;
    }

    /** A default computed when the run starts; {@code help} is what --help says about it ({@code null}: nothing). */
    Setting computedDefault(Function<Context, Object> value, String help) {
        this.defaultValue = value;
        this.defaultHelp = help;
        return this;
    }

    /** What an empty value stands for, when that differs from the default of an absent one. */
    Setting whenEmpty(Object value) {
        this.emptyValue = context -> value;
        return this;
    }

    Setting ints(int min, int max) {
        return intCheck(v -> v >= min && v <= max, min + ".." + max);
    }

    Setting intCheck(IntPredicate ok, String expectedValues) {
        return check(v -> ok.test(((Number) v).intValue()), expectedValues);
    }

    Setting doubleCheck(DoublePredicate ok, String expectedValues) {
        return check(v -> ok.test((Double) v), expectedValues);
    }

    Setting oneOf(Collection<String> allowed, String expectedValues) {
        return check(allowed::contains, expectedValues);
    }

    private Setting check(Predicate<Object> ok, String expectedValues) {
        this.check = ok;
        this.expected = expectedValues;
        return this;
    }

    /** Only this architecture takes the setting; a value given for another is rejected. */
    Setting onlyFor(String architecture) {
        this.onlyFor = architecture;
        return this;
    }

    /** The artifact records this instead of the resolved value ({@link #NOT_RECORDED} to leave it out). */
    Setting recordedAs(BiFunction<Hyperparameters, Map<String, Object>, Object> recorder) {
        this.recorder = recorder;
        return this;
    }

    /** The artifact records the network's effective value of {@code argument} (for its architecture only). */
    Setting recordedFromNetwork(String argument) {
        return recordedAs((hp, network) -> onlyFor == null || onlyFor.equals(hp.architecture())
                ? network.get(argument) : NOT_RECORDED);
    }

    /** The --help line's text. */
    String help() {
        return defaultHelp == null ? description : description + " (default " + defaultHelp + ")";
    }

    /** The value: {@code raw} parsed, or the default when it is absent (or empty, for numbers and switches). */
    Object resolve(String raw, Context context) {
        if (raw == null) {
            return defaultValue.apply(context);
        }
        if (raw.isEmpty() && emptyMeansDefault()) {
            return (emptyValue == null ? defaultValue : emptyValue).apply(context);
        }
        return parse(raw);
    }

    /** @throws IllegalArgumentException naming the setting, when the value is not allowed */
    void check(Object value, String architecture) {
        if (value == null) {
            return; // an optional setting left to the architecture's default
        }
        if (onlyFor != null && !"".equals(value) && !onlyFor.equals(architecture)) {
            throw bad(name, String.valueOf(value), "nothing for " + architecture + " (" + name + " applies to "
                    + onlyFor + ")");
        }
        if (!check.test(value)) {
            throw bad(name, String.valueOf(value), expected);
        }
    }

    /** What the artifact's metadata records, or {@link #NOT_RECORDED}. */
    Object record(Hyperparameters hp, Object value, Map<String, Object> network) {
        if (recorder != null) {
            return recorder.apply(hp, network);
        }
        return switch (value) {
            case Schedule schedule -> schedule.name().toLowerCase(Locale.ROOT);
            case Augmentation augmentation -> augmentation.toString();
            default -> value;
        };
    }

    private boolean emptyMeansDefault() {
        return switch (type) {
            case INT, LONG, DOUBLE, BOOL, SCHEDULE -> true;
            case STRING, LOWERCASE, INT_LIST, AUGMENTATION -> false;
        };
    }

    private Object parse(String s) {
        return switch (type) {
            case INT -> integer(s);
            case LONG -> (long) integer(s);
            case DOUBLE -> decimal(s);
            case BOOL -> bool(s);
            case STRING -> s;
            case LOWERCASE -> s.toLowerCase(Locale.ROOT);
            case INT_LIST -> intList(s);
            case SCHEDULE -> schedule(s);
            case AUGMENTATION -> augmentation(s);
        };
    }

    private int integer(String s) {
        try {
            double d = Double.parseDouble(s);
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) d;
        } catch (NumberFormatException e) {
            throw bad(name, s, "a whole number");
        }
    }

    private double decimal(String s) {
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(name, s, "a number");
        }
    }

    private boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw bad(name, s, "true or false");
        };
    }

    private List<Integer> intList(String s) {
        if (s.isBlank()) {
            return List.of();
        }
        try {
            return Arrays.stream(s.replace("[", "").replace("]", "").split(","))
                    .map(String::trim).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw bad(name, s, "comma-separated whole numbers");
        }
    }

    private Schedule schedule(String s) {
        try {
            return Schedule.valueOf(s.toUpperCase(Locale.ROOT).replace("-", "").replace("_", ""));
        } catch (IllegalArgumentException e) {
            throw bad(name, s, "onecycle, cosine or constant");
        }
    }

    private Augmentation augmentation(String s) {
        try {
            return Augmentation.parse(s);
        } catch (IllegalArgumentException e) {
            throw bad(name, s, e.getMessage());
        }
    }

    static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("Invalid hyperparameter " + key + "='" + value + "': expected "
                + expected);
    }
}
