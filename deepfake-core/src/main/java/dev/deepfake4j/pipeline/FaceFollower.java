package dev.deepfake4j.pipeline;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.FaceTracker;
import dev.deepfake4j.image.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * Face location for one video that runs the locator on the whole frame only every {@code k}-th sampled frame and,
 * on the frames between, looks again only inside an enlarged box around each face of the previous frame (the
 * DFDC 3rd place detected on some frames and followed the faces between). A face the local look does not find
 * again — the track is lost — makes that frame a whole-frame detection, so a lost face is never carried on
 * blindly; a face that appears between two whole-frame detections is found at the next one.
 *
 * <p><b>Why it pays.</b> The locator scales a whole 1080p frame to 640 pixels; a box twice the size of a 150-pixel
 * face is about a twentieth of those pixels. The locator sees the box at the whole frame's scale
 * ({@link FaceLocator#locateIn}), so the face found again has nearly the box a whole-frame detection would give
 * it. With {@code k = 1} every frame is a whole-frame detection: exactly what {@link LocateStage} does alone.
 *
 * <p><b>Why twice the face.</b> A face found again only counts when its IoU with the face before is at least
 * {@link #MIN_IOU}; a face of the same size that moved half its side along one axis, or that grew to 1.8 times its
 * side, already falls below that, and a box twice the face's side still holds every such face. A larger box holds
 * only faces the IoU test would reject, at up to twice the pixels (a 3-times box: 2.25 times; measured in
 * docs/benchmarks.md: about 0.6 s less locating over the 9 labelled clips).
 *
 * <p><b>Threads.</b> One per video and not thread-safe: a locate chain calls it frame after frame, each call
 * happening-before the next.
 */
final class FaceFollower {
    /** The searched box's side in units of the face box's longer side, centred on the face. */
    static final double SEARCH_SCALE = 2.0;
    /** Least IoU between the face before and the one found again for it to be the same face. */
    static final double MIN_IOU = 0.3;
    /** Least IoU between two faces found again for them to be one face found twice. */
    static final double SAME_FACE_IOU = 0.5;

    private final FaceLocator locator;
    private final FaceTracker tracker;
    private final int detectEvery;
    private List<FaceBox> previous = List.of();
    private int sinceWholeFrame;
    private int wholeFrames;
    private int local;

    /**
     * @param locator the detector's locator
     * @param tracker selects the faces worth following in a whole-frame detection
     * @param detectEvery whole-frame detection on every this many sampled frames, at least 1
     */
    FaceFollower(FaceLocator locator, FaceTracker tracker, int detectEvery) {
        this.locator = locator;
        this.tracker = tracker;
        this.detectEvery = detectEvery;
    }

    /**
     * @param frame the next sampled frame of the video
     * @return its selected faces, in the frame's pixels
     * @throws DeepfakeException from the locator
     */
    List<FaceBox> locate(Frame frame) throws DeepfakeException {
        if (detectEvery > 1 && !previous.isEmpty() && sinceWholeFrame + 1 < detectEvery) {
            List<FaceBox> found = new ArrayList<>(previous.size());
            for (FaceBox face : previous) {
                FaceBox again = lookAgain(frame, face);
                if (again == null) {
                    return wholeFrame(frame);
                }
                if (!duplicates(again, found)) {
                    found.add(again);
                }
            }
            sinceWholeFrame++;
            local++;
            previous = found;
            return found;
        }
        return wholeFrame(frame);
    }

    /** @return frames located on the whole frame so far */
    int wholeFrameCount() {
        return wholeFrames;
    }

    /** @return frames located by looking again around the previous faces so far */
    int localCount() {
        return local;
    }

    private List<FaceBox> wholeFrame(Frame frame) throws DeepfakeException {
        List<FaceBox> faces = tracker.selectFaces(locator.locate(frame));
        previous = faces;
        sinceWholeFrame = 0;
        wholeFrames++;
        return faces;
    }

    /** @return the face found in the box around {@code face} that overlaps it most, or null when none does enough */
    private FaceBox lookAgain(Frame frame, FaceBox face) throws DeepfakeException {
        double side = Math.max(face.width(), face.height()) * SEARCH_SCALE;
        int x1 = clamp((int) Math.floor(face.centerX() - side / 2), frame.width() - 1);
        int y1 = clamp((int) Math.floor(face.centerY() - side / 2), frame.height() - 1);
        int x2 = clamp((int) Math.ceil(face.centerX() + side / 2), frame.width());
        int y2 = clamp((int) Math.ceil(face.centerY() + side / 2), frame.height());
        if (x2 <= x1 || y2 <= y1) {
            return null;
        }
        FaceBox best = null;
        double bestIou = MIN_IOU;
        for (FaceBox inFrame : locator.locateIn(frame, x1, y1, x2 - x1, y2 - y1)) {
            double iou = inFrame.iou(face);
            if (iou >= bestIou) {
                best = inFrame;
                bestIou = iou;
            }
        }
        return best;
    }

    /**
     * Two faces of the frame before can lead to the same face now (a weak box beside a face is followed onto it):
     * it is kept once, for the first (higher-scoring) of them, as a whole-frame detection's suppression would.
     */
    private static boolean duplicates(FaceBox face, List<FaceBox> kept) {
        for (FaceBox k : kept) {
            if (face.iou(k) >= SAME_FACE_IOU) {
                return true;
            }
        }
        return false;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
