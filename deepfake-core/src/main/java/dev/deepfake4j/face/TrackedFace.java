package dev.deepfake4j.face;

import java.util.Objects;

/**
 * One face in one sampled frame, as it appears in a report: where it was, which track it belongs to, and what the
 * classifier said. Immutable.
 *
 * @param frameIndex index of the frame in the video
 * @param ptsSeconds presentation time of the frame in seconds
 * @param box the face in pixels of the original (unscaled, upright) frame
 * @param trackId the {@link FaceTrack#id()} it belongs to
 * @param pFake the classifier's probability that this face is fake, in [0, 1] (ensemble mean when several)
 */
public record TrackedFace(int frameIndex, double ptsSeconds, FaceBox box, int trackId, double pFake) {
    /** Validates the fields. */
    public TrackedFace {
        Objects.requireNonNull(box, "box");
    }
}
