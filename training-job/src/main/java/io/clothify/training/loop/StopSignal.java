package io.clothify.training.loop;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop training early (SageMaker sends SIGTERM on a stop or a spot interruption, then SIGKILL
 * 120 s later): the loop saves a checkpoint at the next batch boundary and confirms.
 */
public final class StopSignal {
    private volatile boolean requested;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }

    /** Called by the loop once it has saved its state (or finished). */
    public void confirmStopped() {
        stopped.countDown();
    }

    /** Waits for the loop to confirm; true if it did in time. */
    public boolean awaitStopped(long seconds) throws InterruptedException {
        return stopped.await(seconds, TimeUnit.SECONDS);
    }
}
