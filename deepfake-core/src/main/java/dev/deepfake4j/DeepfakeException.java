package dev.deepfake4j;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The one checked exception of deepfake4j. It carries an {@link ErrorCode} to branch on, the file it concerns
 * when there is one, and the backend's exception as its cause.
 *
 * <p>Messages say what failed, for which file, and what to do about it.
 */
public class DeepfakeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Path path;

    /**
     * @param code why it failed
     * @param message what failed and what to do; should name the file
     */
    public DeepfakeException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    /**
     * @param code why it failed
     * @param message what failed and what to do; should name the file
     * @param cause the backend's exception, or {@code null}
     */
    public DeepfakeException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    /**
     * @param code why it failed
     * @param message what failed and what to do; should name the file
     * @param path the file concerned, or {@code null}
     * @param cause the backend's exception, or {@code null}
     */
    public DeepfakeException(ErrorCode code, String message, Path path, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.path = path;
    }

    /** @return why it failed; never {@code null} */
    public ErrorCode code() {
        return code;
    }

    /** @return the file this error concerns, when known */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /**
     * The exception a thread should throw when it notices it was interrupted; the interrupt flag is restored
     * so that callers further up still see it.
     *
     * @param what what was being done, e.g. "decoding /videos/a.mp4"
     * @return a {@link ErrorCode#CANCELLED} exception
     */
    public static DeepfakeException cancelled(String what) {
        Thread.currentThread().interrupt();
        return new DeepfakeException(ErrorCode.CANCELLED, "Cancelled while " + what);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + code + "]: " + getMessage();
    }
}
