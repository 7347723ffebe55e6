package dev.deepfake4j;

import static dev.deepfake4j.internal.Checks.checkArgument;

/**
 * How {@link DeepfakeDetector#analyzeWindows} cuts a long or open-ended video: into consecutive windows of
 * {@code windowSeconds} of video time, each sampled at {@code framesPerWindow} instants spaced uniformly by
 * presentation time. Window {@code k} covers {@code [t0 + k·W, t0 + (k + 1)·W)}, where {@code t0} is the first
 * decoded frame's time and {@code W} the window length; its instants are {@code t0 + k·W + j·W/N} for
 * {@code j = 0 … N − 1}. A frame is taken when its time reaches the next instant (a frame that passes several
 * instants, in a stream slower than the sampling, is taken once). Immutable and thread-safe.
 *
 * @param windowSeconds the length of a window in seconds of video time (not wall-clock time); above 0
 * @param framesPerWindow frames sampled per window; at least 1
 */
public record WindowOptions(double windowSeconds, int framesPerWindow) {
    /** Ten seconds of video per window. */
    public static final double DEFAULT_WINDOW_SECONDS = 10.0;
    /** 32 frames per window, the detector's default sample of a whole clip. */
    public static final int DEFAULT_FRAMES_PER_WINDOW = 32;

    /** Checks the values. */
    public WindowOptions {
        checkArgument(windowSeconds > 0 && Double.isFinite(windowSeconds),
                "windowSeconds must be a positive number of seconds, was %s", windowSeconds);
        checkArgument(framesPerWindow >= 1, "framesPerWindow must be at least 1, was %s", framesPerWindow);
    }

    /** @return 10-second windows of 32 frames each */
    public static WindowOptions defaults() {
        return new WindowOptions(DEFAULT_WINDOW_SECONDS, DEFAULT_FRAMES_PER_WINDOW);
    }
}
