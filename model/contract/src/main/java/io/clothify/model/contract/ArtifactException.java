package io.clothify.model.contract;

/**
 * Thrown when a model artifact cannot be used: missing or unreadable files, a corrupt or truncated archive,
 * parameters that do not match their recorded digest, or metadata this version does not understand. The
 * message names the file and the problem.
 */
public class ArtifactException extends RuntimeException {
    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
