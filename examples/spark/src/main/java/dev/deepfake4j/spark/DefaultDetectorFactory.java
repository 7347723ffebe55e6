package dev.deepfake4j.spark;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.sampling.FrameSampler;

/**
 * The detector of the command line: the library's defaults (YuNet, MesoNet-4, confident strategy) with a chosen
 * number of uniformly spaced frames per video. Models are found as the registry documents: the two defaults are
 * bundled ({@code deepfake-default-models}) and need no network or mirror on the executors.
 *
 * @param frames frames sampled per video, uniformly spaced, 1..1000 (32 is the library's default, the DFDC 1st
 *        place's choice)
 */
public record DefaultDetectorFactory(int frames) implements DetectorFactory {
    private static final long serialVersionUID = 1L;

    /**
     * Checks the frame count.
     *
     * @param frames frames sampled per video, 1..1000
     * @throws IllegalArgumentException when out of range
     */
    public DefaultDetectorFactory {
        if (frames < 1 || frames > 1000) {
            throw new IllegalArgumentException("frames must be in 1..1000: " + frames);
        }
    }

    @Override
    public DeepfakeDetector create() throws DeepfakeException {
        // One video per task thread: the executor's task slots already decide how many videos run at once.
        return DeepfakeDetector.builder().sampler(FrameSampler.uniform(frames)).build();
    }
}
