package dev.deepfake4j.pipeline;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.FaceTracker;
import dev.deepfake4j.image.Frame;
import java.util.List;

/**
 * Finds the faces of one frame and keeps those the tracker selects for classification (its per-frame step: the
 * default drops faces much smaller than the frame's largest). Stateless; thread-safe when its locator is.
 */
final class LocateStage {
    private final FaceLocator locator;
    private final FaceTracker tracker;

    LocateStage(FaceLocator locator, FaceTracker tracker) {
        this.locator = locator;
        this.tracker = tracker;
    }

    /** @return the selected faces of the frame, in pixels of the frame */
    List<FaceBox> locate(Frame frame, StageClock clock) throws DeepfakeException {
        long t0 = System.nanoTime();
        List<FaceBox> faces = tracker.selectFaces(locator.locate(frame));
        clock.addLocate(System.nanoTime() - t0);
        return faces;
    }
}
