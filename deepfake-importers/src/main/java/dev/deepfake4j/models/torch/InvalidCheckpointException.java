package dev.deepfake4j.models.torch;

/**
 * Thrown inside the reader when a checkpoint breaks a rule; {@link TorchCheckpoint} turns it into a
 * {@code DeepfakeException(MODEL_INVALID)} that names the file. Unchecked because the unpickler's callbacks
 * cannot declare checked exceptions.
 */
final class InvalidCheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidCheckpointException(String problem) {
        super(problem);
    }
}
