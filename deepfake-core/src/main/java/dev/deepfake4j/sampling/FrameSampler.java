package dev.deepfake4j.sampling;

import static dev.deepfake4j.internal.Checks.checkArgument;

/**
 * A policy that decides which frames of a video to analyse. It only plans: given what is known about the video it
 * returns a {@link SamplePlan}; the decoder executes the plan as cheaply as it can (seeking, skipping frames no
 * sampled frame depends on).
 *
 * <p>Implementations must be immutable and thread-safe; the built-in ones are. {@code toString()} gives the
 * spelling the CLI accepts ({@code uniform:32}, {@code every:10}, {@code fps:1}, {@code keyframes}).
 */
@FunctionalInterface
public interface FrameSampler {

    /**
     * @param info what the decoder knows about the video
     * @return the frames to decode
     */
    SamplePlan plan(VideoInfo info);

    /**
     * {@code n} frames spread evenly over the whole video: frame indices {@code floor(linspace(0, frameCount-1, n))},
     * the rule of the DFDC 1st place solution ({@code np.linspace(0, frame_count - 1, n, dtype=int)}). The first and
     * last frames are always included; with fewer than {@code n} frames every frame is taken once.
     *
     * @param n number of frames, at least 1 (32 by default in the detector, as the DFDC winner used)
     * @return the sampler
     */
    static FrameSampler uniform(int n) {
        checkArgument(n > 0, "uniform sampling needs at least one frame: %s", n);
        return new Samplers.Uniform(n);
    }

    /**
     * Every {@code k}-th frame starting at frame 0: indices 0, k, 2k, … (the seed solution read every 10th frame).
     *
     * @param k step in frames, at least 1
     * @return the sampler
     */
    static FrameSampler everyNth(int k) {
        checkArgument(k > 0, "step must be at least 1 frame: %s", k);
        return new Samplers.EveryNth(k);
    }

    /**
     * {@code rate} frames per second of video, by presentation time: t = 0, 1/rate, 2/rate, … below the duration.
     * Right for variable-frame-rate video, where indices and times do not map linearly.
     *
     * @param rate frames per second, positive
     * @return the sampler
     */
    static FrameSampler perSecond(double rate) {
        checkArgument(rate > 0 && Double.isFinite(rate), "frames per second must be positive: %s", rate);
        return new Samplers.PerSecond(rate);
    }

    /**
     * The keyframes of the video (cheapest to decode: no other frame is needed), at most 1000.
     *
     * @return the sampler
     */
    static FrameSampler keyframes() {
        return new Samplers.Keyframes(1000);
    }

    /**
     * The first frame at or after each of the given times.
     *
     * @param seconds presentation times in seconds, non-negative
     * @return the sampler
     */
    static FrameSampler at(double... seconds) {
        checkArgument(seconds.length > 0, "at least one timestamp is needed");
        return new Samplers.At(SamplePlan.ofTimestamps(seconds));
    }

    /**
     * Parses the CLI spelling of a sampler.
     *
     * @param spec {@code uniform:N}, {@code every:K}, {@code fps:R}, {@code keyframes} or {@code at:T1,T2,…}
     * @return the sampler
     * @throws IllegalArgumentException naming the spec when it is not one of those
     */
    static FrameSampler parse(String spec) {
        return Samplers.parse(spec);
    }
}
