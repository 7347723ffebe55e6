package dev.deepfake4j.pipeline;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.FaceTracker;
import dev.deepfake4j.image.Frame;
import java.util.List;

/**
 * Finds the faces of one frame and keeps those the tracker selects for classification (its per-frame step: the
 * default drops faces much smaller than the frame's largest). With a whole-frame detection only every k-th sampled
 * frame, a video's frames go through its own {@link FaceFollower}. Stateless; thread-safe when its locator is.
 */
final class LocateStage {
    private final FaceLocator locator;
    private final FaceTracker tracker;
    private final int detectEvery;

    /** A stage that detects on every frame. */
    LocateStage(FaceLocator locator, FaceTracker tracker) {
        this(locator, tracker, 1);
    }

    /** @param detectEvery whole-frame detection on every this many sampled frames, at least 1 */
    LocateStage(FaceLocator locator, FaceTracker tracker, int detectEvery) {
        this.locator = locator;
        this.tracker = tracker;
        this.detectEvery = detectEvery;
    }

    /**
     * @return the selected faces of a frame on its own (a fresh follower, so a whole-frame detection), in pixels of
     *         the frame
     */
    List<FaceBox> locate(Frame frame, StageClock clock) throws DeepfakeException {
        return locate(frame, follower(), clock);
    }

    /** @return a follower for one video's frames, in order (see {@link FaceFollower}) */
    FaceFollower follower() {
        return new FaceFollower(locator, tracker, detectEvery);
    }

    /** @return the selected faces of the next frame of the follower's video, in pixels of the frame */
    List<FaceBox> locate(Frame frame, FaceFollower follower, StageClock clock) throws DeepfakeException {
        long t0 = System.nanoTime();
        List<FaceBox> faces = follower.locate(frame);
        clock.addLocate(System.nanoTime() - t0);
        return faces;
    }
}
