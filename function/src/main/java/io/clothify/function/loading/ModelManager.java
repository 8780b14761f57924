package io.clothify.function.loading;

import io.clothify.function.api.ModelUnavailableException;
import io.clothify.model.Classifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the live model of this container: loaded once, checked against its {@link ModelLocator} at most once per
 * poll interval, and swapped atomically when the locator names another artifact. A request takes a
 * {@link ModelLease} and finishes on the model it started with; the replaced model is closed after its last
 * request. If the new artifact cannot be downloaded or loaded, the old model keeps serving and that target is
 * not retried until the locator names another one.
 */
public final class ModelManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);

    private final ModelLocator locator;
    private final ArtifactStore store;
    private final ClassifierLoader loader;
    private final long pollNanos;
    private final LongSupplier clock;
    private final AtomicReference<ServedModel> live = new AtomicReference<>();
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile long nextCheck;
    private volatile ModelTarget failed;
    private volatile String lastFailure = "no model has been loaded yet";

    public ModelManager(ModelLocator locator, ArtifactStore store, ClassifierLoader loader, Duration pollInterval) {
        this(locator, store, loader, pollInterval, System::nanoTime);
    }

    ModelManager(ModelLocator locator, ArtifactStore store, ClassifierLoader loader, Duration pollInterval,
            LongSupplier clock) {
        this.locator = Objects.requireNonNull(locator, "locator");
        this.store = Objects.requireNonNull(store, "store");
        this.loader = Objects.requireNonNull(loader, "loader");
        if (pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be >= 0, got " + pollInterval);
        }
        this.pollNanos = pollInterval.toNanos();
        this.clock = clock;
        this.nextCheck = clock.getAsLong();
    }

    /**
     * The live model for one request; close the lease when the request is done.
     *
     * @throws ModelUnavailableException if no model could be loaded yet
     */
    public ModelLease acquire() {
        refreshIfDue();
        while (true) {
            ServedModel model = live.get();
            if (model == null) {
                throw new ModelUnavailableException("No model is available: " + lastFailure);
            }
            ModelLease lease = model.tryLease();
            if (lease != null) {
                return lease;
            }
        }
    }

    /** Loads (or checks for) the model now, if a check is due; never throws. */
    public void refreshIfDue() {
        if (clock.getAsLong() - nextCheck < 0) {
            return;
        }
        if (live.get() == null) {
            refreshing.lock(); // nothing to serve: wait for whoever is loading
        } else if (!refreshing.tryLock()) {
            return; // someone else checks; keep serving the current model
        }
        try {
            if (clock.getAsLong() - nextCheck >= 0) {
                refresh();
                nextCheck = clock.getAsLong() + pollNanos;
            }
        } finally {
            refreshing.unlock();
        }
    }

    private void refresh() {
        ServedModel current = live.get();
        ModelTarget target;
        try {
            target = locator.locate();
        } catch (RuntimeException e) {
            lastFailure = "the model location could not be read: " + e.getMessage();
            LOG.warn("Could not read the model location; keeping {}", describe(current), e);
            return;
        }
        if (current != null && (target.equals(current.target()) || target.equals(failed))) {
            return;
        }
        long started = System.nanoTime();
        Classifier classifier;
        try {
            Path local = store.localize(target.uri());
            classifier = loader.load(local);
        } catch (RuntimeException e) {
            failed = target;
            lastFailure = "loading " + target.uri() + " failed: " + e.getMessage();
            LOG.error("Loading model {} failed; keeping {}", target.uri(), describe(current), e);
            return;
        }
        ServedModel loaded = new ServedModel(classifier, target);
        ServedModel old = live.getAndSet(loaded);
        failed = null;
        LOG.info("Serving model {} version {} from {} (loaded in {} ms)", classifier.info().name(),
                loaded.version(), target.uri(), (System.nanoTime() - started) / 1_000_000);
        if (old != null) {
            old.release();
        }
    }

    private static String describe(ServedModel model) {
        return model == null ? "no model" : "version " + model.version();
    }

    @Override
    public void close() {
        ServedModel old = live.getAndSet(null);
        if (old != null) {
            old.release();
        }
    }
}
