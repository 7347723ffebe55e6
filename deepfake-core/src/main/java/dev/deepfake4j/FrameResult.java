package dev.deepfake4j;

import dev.deepfake4j.face.TrackedFace;
import dev.deepfake4j.image.Frame;
import java.util.List;
import java.util.Optional;

/**
 * One sampled frame in a {@link VideoReport}: which frame it was and the faces kept in it. Immutable.
 *
 * @param index the frame's 0-based index in the video
 * @param ptsSeconds its presentation time in seconds
 * @param faces the faces that belong to kept tracks, in the locator's order; empty when none
 * @param thumbnail a small owned copy of the frame when the detector was asked to keep them
 *        ({@code DeepfakeDetector.Builder#thumbnails(int)}), else {@code null}
 */
public record FrameResult(int index, double ptsSeconds, List<TrackedFace> faces, Frame thumbnail) {
    /** Copies the list. */
    public FrameResult {
        faces = List.copyOf(faces);
    }

    /** @return the thumbnail, when the detector kept one */
    public Optional<Frame> thumbnailIfKept() {
        return Optional.ofNullable(thumbnail);
    }
}
