package io.clothify.training.loop;

/** Thrown when training stopped on request (SIGTERM) after saving a checkpoint to resume from. */
public class TrainingStoppedException extends RuntimeException {
    public TrainingStoppedException(String message) {
        super(message);
    }
}
