package dev.deepfake4j.pipeline;

import dev.deepfake4j.WindowOptions;
import dev.deepfake4j.spi.FrameSelector;

/**
 * Picks frames by presentation time for {@link WindowOptions}: the first frame read sets the origin {@code t0};
 * sampling instant {@code n} is {@code t0 + (n / N)·W + (n mod N)·W/N}; a frame is taken when its time reaches the
 * next instant, and the instants it passed are consumed with it. Not thread-safe: the decoding thread only.
 */
final class WindowSelector implements FrameSelector {
    /** Times within this of an instant count as reaching it (timestamps are rounded to the stream's time base). */
    private static final double EPSILON = 1e-6;
    private final double window;
    private final int perWindow;
    private double origin = Double.NaN;
    private long next;

    WindowSelector(WindowOptions options) {
        this.window = options.windowSeconds();
        this.perWindow = options.framesPerWindow();
    }

    @Override
    public boolean select(int index, double ptsSeconds) {
        if (Double.isNaN(origin)) {
            origin = ptsSeconds;
        }
        double rel = ptsSeconds - origin;
        if (rel + EPSILON < instant(next)) {
            return false;
        }
        long w = windowOfRelative(rel);
        long slot = (long) Math.floor((rel - w * window + EPSILON) * perWindow / window);
        next = w * perWindow + Math.min(Math.max(slot, 0), perWindow - 1) + 1;
        return true;
    }

    /** @return the time of sampling instant {@code n}, relative to the origin */
    private double instant(long n) {
        return (n / perWindow) * window + (n % perWindow) * window / perWindow;
    }

    private long windowOfRelative(double rel) {
        return Math.max(0, (long) Math.floor((rel + EPSILON) / window));
    }

    /** @return the window holding a frame at {@code ptsSeconds}; the origin must be set (a frame was selected) */
    long windowOf(double ptsSeconds) {
        return windowOfRelative(ptsSeconds - origin);
    }

    /** @return where window {@code k} starts, in the stream's seconds */
    double startOf(long k) {
        return origin + k * window;
    }

    /** @return where window {@code k} ends (exclusive) */
    double endOf(long k) {
        return origin + (k + 1) * window;
    }
}
