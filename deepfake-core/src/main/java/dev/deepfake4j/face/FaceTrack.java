package dev.deepfake4j.face;

import java.util.List;

/**
 * The faces of one person followed across the sampled frames, with the track's aggregated score. Immutable.
 *
 * @param id the track's number within its video, from 0
 * @param faces the track's faces in frame order
 * @param pFake the faces' scores aggregated by the detector's face aggregation, probability of fake in [0, 1]
 */
public record FaceTrack(int id, List<TrackedFace> faces, double pFake) {
    /** Copies the list. */
    public FaceTrack {
        faces = List.copyOf(faces);
    }
}
