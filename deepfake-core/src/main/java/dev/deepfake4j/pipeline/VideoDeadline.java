package dev.deepfake4j.pipeline;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;

/** The time one video may take from open to report, checked by every stage; {@link Duration#ZERO} for no limit. */
final class VideoDeadline {
    private final Path video;
    private final Duration limit;
    /** {@code System.nanoTime()} at which the time is up; unused when there is no limit. */
    private final long endNanos;

    VideoDeadline(Path video, Duration limit, long startNanos) {
        this.video = video;
        this.limit = limit;
        this.endNanos = startNanos + (limit.isZero() ? 0 : limit.toNanos());
    }

    boolean unlimited() {
        return limit.isZero();
    }

    /** @return nanoseconds left, at least 0; meaningless when {@link #unlimited()} */
    long remainingNanos() {
        return Math.max(0, endNanos - System.nanoTime());
    }

    /** @throws DeepfakeException {@link ErrorCode#CANCELLED} once the time is up */
    void check() throws DeepfakeException {
        if (!unlimited() && System.nanoTime() - endNanos > 0) {
            throw timedOut();
        }
    }

    DeepfakeException timedOut() {
        return new DeepfakeException(ErrorCode.CANCELLED, "Timed out: " + video + " took longer than the video time "
                + "limit of " + limit.toMillis() + " ms (DetectorBuilder.videoTimeout)", video, null);
    }
}
