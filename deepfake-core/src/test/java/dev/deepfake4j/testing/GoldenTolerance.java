package dev.deepfake4j.testing;

/**
 * How far the default detector's p_fake may be from the golden scores of {@code docs/golden/README.md}, for every
 * module's tests. The golden scores are those of every-frame face location ({@code detectEvery(1)}); the default
 * locates on the whole frame every 8th sampled frame only, which moved them by at most 0.013 on the 9 labelled clips
 * ({@code docs/benchmarks.md}), so the default is held to that with a little room.
 */
public final class GoldenTolerance {
    /** The default detector ({@code detectEvery(8)}) against the golden scores. */
    public static final double DEFAULT = 0.015;

    private GoldenTolerance() {
    }
}
