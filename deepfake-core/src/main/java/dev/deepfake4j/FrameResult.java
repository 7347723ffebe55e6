package dev.deepfake4j;

import dev.deepfake4j.face.TrackedFace;
import java.util.List;

/**
 * One sampled frame in a {@link VideoReport}: which frame it was and the faces kept in it. Immutable.
 *
 * @param index the frame's 0-based index in the video
 * @param ptsSeconds its presentation time in seconds
 * @param faces the faces that belong to kept tracks, in the locator's order; empty when none
 */
public record FrameResult(int index, double ptsSeconds, List<TrackedFace> faces) {
    /** Copies the list. */
    public FrameResult {
        faces = List.copyOf(faces);
    }
}
