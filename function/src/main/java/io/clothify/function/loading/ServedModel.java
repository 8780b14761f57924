package io.clothify.function.loading;

import io.clothify.model.Classifier;
import java.util.concurrent.atomic.AtomicInteger;

/** A loaded model with a reference count: one for being live, one per request that holds a lease. */
final class ServedModel {
    private final Classifier classifier;
    private final ModelTarget target;
    private final String version;
    private final AtomicInteger references = new AtomicInteger(1);

    ServedModel(Classifier classifier, ModelTarget target) {
        this.classifier = classifier;
        this.target = target;
        this.version = target.version() != null ? target.version() : classifier.info().version();
    }

    Classifier classifier() {
        return classifier;
    }

    ModelTarget target() {
        return target;
    }

    String version() {
        return version;
    }

    /** A lease, or {@code null} if the model was already released (replaced and idle). */
    ModelLease tryLease() {
        while (true) {
            int n = references.get();
            if (n <= 0) {
                return null;
            }
            if (references.compareAndSet(n, n + 1)) {
                return new ModelLease(this);
            }
        }
    }

    /** Drops one reference; the last one closes the classifier. */
    void release() {
        if (references.decrementAndGet() == 0) {
            classifier.close();
        }
    }
}
