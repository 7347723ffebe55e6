package dev.deepfake4j;

/**
 * Thrown by a call on a closed {@link DeepfakeDetector}. Its own type so that a batch can tell "the detector was
 * closed" (the video is reported {@link ErrorCode#CANCELLED}) from a component's own {@link IllegalStateException}
 * (a failure, {@link ErrorCode#BACKEND_FAILURE}).
 */
public final class DetectorClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DetectorClosedException() {
        super("this DeepfakeDetector is closed");
    }
}
