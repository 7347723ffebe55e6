package dev.deepfake4j.sampling;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.util.Arrays;

/**
 * Which frames a decoder must deliver: a {@link FrameSampler}'s answer for one video. Immutable.
 *
 * <p>A plan is one of three kinds. {@link Kind#INDICES}: frames by 0-based index, strictly ascending.
 * {@link Kind#TIMESTAMPS}: for each time (seconds, ascending) the first frame whose presentation time is at or
 * after it — right for variable-frame-rate video. {@link Kind#KEYFRAMES}: every keyframe, up to a maximum count.
 * Duplicate targets are delivered once.
 */
public final class SamplePlan {
    /** What the plan's numbers mean. */
    public enum Kind {
        /** Frames by 0-based index. */
        INDICES,
        /** Frames by presentation time in seconds. */
        TIMESTAMPS,
        /** Every keyframe (intra-coded frame), up to {@link SamplePlan#maxFrames()}. */
        KEYFRAMES
    }

    private final Kind kind;
    private final int[] indices;
    private final double[] timestamps;
    private final int maxFrames;

    private SamplePlan(Kind kind, int[] indices, double[] timestamps, int maxFrames) {
        this.kind = kind;
        this.indices = indices;
        this.timestamps = timestamps;
        this.maxFrames = maxFrames;
    }

    /**
     * @param indices 0-based frame indices; sorted and de-duplicated here
     * @return a plan for exactly those frames (those past the end of the video are not delivered)
     */
    public static SamplePlan ofIndices(int... indices) {
        int[] sorted = Arrays.stream(indices).sorted().distinct().toArray();
        checkArgument(sorted.length == 0 || sorted[0] >= 0, "frame indices cannot be negative: %s", sorted.length == 0 ? 0 : sorted[0]);
        return new SamplePlan(Kind.INDICES, sorted, new double[0], sorted.length);
    }

    /**
     * @param seconds presentation times in seconds; sorted and de-duplicated here
     * @return a plan for the first frame at or after each time
     */
    public static SamplePlan ofTimestamps(double... seconds) {
        double[] sorted = Arrays.stream(seconds).sorted().distinct().toArray();
        for (double s : sorted) {
            checkArgument(Double.isFinite(s) && s >= 0, "timestamps must be finite and non-negative: %s", s);
        }
        return new SamplePlan(Kind.TIMESTAMPS, new int[0], sorted, sorted.length);
    }

    /**
     * @param maxFrames the most keyframes to deliver (the first ones)
     * @return a plan for the video's keyframes
     */
    public static SamplePlan keyframes(int maxFrames) {
        checkArgument(maxFrames > 0, "maxFrames must be positive: %s", maxFrames);
        return new SamplePlan(Kind.KEYFRAMES, new int[0], new double[0], maxFrames);
    }

    /** @return what the plan's numbers mean */
    public Kind kind() {
        return kind;
    }

    /** @return a copy of the frame indices (empty unless {@link Kind#INDICES}) */
    public int[] indices() {
        return indices.clone();
    }

    /** @return a copy of the timestamps in seconds (empty unless {@link Kind#TIMESTAMPS}) */
    public double[] timestamps() {
        return timestamps.clone();
    }

    /** @return the most frames this plan can deliver */
    public int maxFrames() {
        return maxFrames;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamplePlan p && p.kind == kind && p.maxFrames == maxFrames
                && Arrays.equals(p.indices, indices) && Arrays.equals(p.timestamps, timestamps);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(indices)) + Arrays.hashCode(timestamps) + maxFrames;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case INDICES -> "SamplePlan[indices " + Arrays.toString(indices) + "]";
            case TIMESTAMPS -> "SamplePlan[timestamps " + Arrays.toString(timestamps) + "]";
            case KEYFRAMES -> "SamplePlan[keyframes, at most " + maxFrames + "]";
        };
    }
}
