package io.clothify.function.loading;

/** Says which artifact should be live. Called at most once per poll interval, so it must be cheap. */
@FunctionalInterface
public interface ModelLocator {
    /**
     * The artifact that should be serving now.
     *
     * @throws RuntimeException when the source of truth cannot be read (the current model keeps serving)
     */
    ModelTarget locate();

    /** A fixed {@code MODEL_URI}. */
    static ModelLocator fixed(String uri) {
        ModelTarget target = new ModelTarget(uri, null);
        return () -> target;
    }
}
