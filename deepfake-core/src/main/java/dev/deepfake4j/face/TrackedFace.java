package dev.deepfake4j.face;

import java.util.Objects;
import java.util.Optional;

/**
 * One face in one sampled frame, as it appears in a report: where it was, which track it belongs to, and what the
 * classifier said. Immutable.
 *
 * @param frameIndex index of the frame in the video
 * @param ptsSeconds presentation time of the frame in seconds
 * @param box the face in pixels of the original (unscaled, upright) frame
 * @param trackId the {@link FaceTrack#id()} it belongs to
 * @param pFake the classifier's probability that this face is fake, in [0, 1] (ensemble mean when several)
 * @param crop the crop the (first) classifier scored, when the detector was asked to keep crops
 *        ({@code DetectorBuilder.keepCrops()}), else {@code null}
 */
public record TrackedFace(int frameIndex, double ptsSeconds, FaceBox box, int trackId, double pFake, FaceCrop crop) {
    /** Validates the fields. */
    public TrackedFace {
        Objects.requireNonNull(box, "box");
    }

    /**
     * A face without its crop (the form before crops could be kept).
     *
     * @param frameIndex index of the frame in the video
     * @param ptsSeconds presentation time of the frame in seconds
     * @param box the face in pixels of the original frame
     * @param trackId the track it belongs to
     * @param pFake the classifier's probability that this face is fake
     */
    public TrackedFace(int frameIndex, double ptsSeconds, FaceBox box, int trackId, double pFake) {
        this(frameIndex, ptsSeconds, box, trackId, pFake, null);
    }

    /** @return the crop the first classifier scored, when the detector kept crops */
    public Optional<FaceCrop> cropIfKept() {
        return Optional.ofNullable(crop);
    }
}
