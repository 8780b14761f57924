package io.clothify.function.loading;

import io.clothify.model.Classifier;

/**
 * A request's hold on the model that was live when it started. Closing it lets a replaced model be closed once
 * its last request finishes, so in-flight requests never see a model closed under them.
 */
public final class ModelLease implements AutoCloseable {
    private final ServedModel model;
    private boolean closed;

    ModelLease(ServedModel model) {
        this.model = model;
    }

    public Classifier classifier() {
        return model.classifier();
    }

    /** The version reported to callers (the pointer's, or the artifact's own). */
    public String version() {
        return model.version();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            model.release();
        }
    }
}
