package dev.deepfake4j.video.ffmpeg;

import java.time.Duration;

/** A point in time after which work stops ({@code DecodeOptions.timeout}); {@link Duration#ZERO} means never. */
final class Deadline {
    private final long deadlineNanos;
    private final boolean unlimited;

    private Deadline(long deadlineNanos, boolean unlimited) {
        this.deadlineNanos = deadlineNanos;
        this.unlimited = unlimited;
    }

    /** @param timeout how long from now; zero for no limit @return the deadline */
    static Deadline after(Duration timeout) {
        if (timeout.isZero()) {
            return new Deadline(0, true);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return new Deadline(0, true);
        }
        return new Deadline(System.nanoTime() + nanos, false);
    }

    /** @return whether the time is up */
    boolean passed() {
        return !unlimited && System.nanoTime() - deadlineNanos > 0;
    }
}
