package dev.deepfake4j.face;

import java.util.List;

/**
 * Follows faces through a video: per frame, which located faces are worth classifying; over the whole video,
 * which faces are the same person (a track). Scores are aggregated per track, so the tracker decides what one
 * "person" is. The default is {@link IouFaceTracker} with its documented settings.
 *
 * <p>Implementations must be thread-safe: one tracker serves every video a detector scores at once. Both methods
 * are pure functions of their arguments.
 */
public interface FaceTracker {
    /** @return the IoU tracker with its documented defaults ({@link IouFaceTracker}) */
    static FaceTracker defaults() {
        return IouFaceTracker.DEFAULT;
    }

    /**
     * The per-frame step, before any crop is made: faces not returned are neither cropped nor classified.
     *
     * @param faces the faces located in one frame
     * @return the faces to classify, a subset in the given order
     */
    List<FaceBox> selectFaces(List<FaceBox> faces);

    /**
     * Links the selected faces of the sampled frames into tracks.
     *
     * @param facesPerFrame the selected faces of each sampled frame, in frame order
     * @return for each frame and each of its faces, its track id (0, 1, … in order of first appearance among kept
     *         tracks), or −1 when the face belongs to no kept track
     */
    int[][] track(List<List<FaceBox>> facesPerFrame);
}
