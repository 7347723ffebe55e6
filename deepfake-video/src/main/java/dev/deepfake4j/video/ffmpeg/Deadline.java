package dev.deepfake4j.video.ffmpeg;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A point in time after which work stops ({@code DecodeOptions.timeout}); {@link Duration#ZERO} means never. It also
 * answers for thread interruption, so that one call per packet or frame checks both ways a caller can stop work.
 * Immutable; thread-safe.
 */
final class Deadline {
    private final long deadlineNanos;
    private final boolean unlimited;
    private final Duration timeout;

    private Deadline(long deadlineNanos, boolean unlimited, Duration timeout) {
        this.deadlineNanos = deadlineNanos;
        this.unlimited = unlimited;
        this.timeout = timeout;
    }

    /** @param timeout how long from now; zero for no limit @return the deadline */
    static Deadline after(Duration timeout) {
        if (timeout.isZero()) {
            return new Deadline(0, true, timeout);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return new Deadline(0, true, timeout);
        }
        return new Deadline(System.nanoTime() + nanos, false, timeout);
    }

    /** @return whether the time is up */
    boolean passed() {
        return !unlimited && System.nanoTime() - deadlineNanos > 0;
    }

    /**
     * @param what what is being done, for the message ("decoding /videos/a.mp4")
     * @param path the video, carried by the exception
     * @throws DeepfakeException {@code CANCELLED} when the thread is interrupted or the time is up
     */
    void check(String what, Path path) throws DeepfakeException {
        if (Thread.currentThread().isInterrupted()) {
            throw DeepfakeException.cancelled(what);
        }
        if (passed()) {
            throw new DeepfakeException(ErrorCode.CANCELLED, "Timed out after " + timeout.toMillis()
                    + " ms while " + what + " (DecodeOptions.timeout)", path, null);
        }
    }
}
