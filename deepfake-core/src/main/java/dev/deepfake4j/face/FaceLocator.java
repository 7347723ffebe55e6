package dev.deepfake4j.face;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.image.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds faces in a frame.
 *
 * <p>Implementations must be safe for concurrent use by several threads (one detector serves many); those built
 * on non-thread-safe native objects keep one per thread or a pool. Boxes are returned in pixels of the frame that
 * was passed in, whatever working size the locator scaled it to internally, sorted by descending score.
 *
 * <p>A locator that holds native resources releases them in {@link #close()}; a {@code DeepfakeDetector} closes
 * the locators it created itself, never one the caller passed in.
 */
public interface FaceLocator extends AutoCloseable {

    /**
     * @param frame the image; a view frame is read only during this call
     * @return the faces found, in pixels of {@code frame}, highest score first; empty when there is none
     * @throws DeepfakeException {@link dev.deepfake4j.ErrorCode#BACKEND_FAILURE} when the backend fails
     */
    List<FaceBox> locate(Frame frame) throws DeepfakeException;

    /**
     * Looks for faces only inside a region of a frame, as a face follower does between whole-frame detections.
     * A locator that scales frames to a working size overrides this to see the region at the scale it would see the
     * whole frame at, so a face found here has the box a whole-frame detection gives it; the default runs
     * {@link #locate} on the region at the region's own size.
     *
     * @param frame the whole frame; a view frame is read only during this call
     * @param x the region's left edge in pixels of {@code frame}
     * @param y the region's top edge in pixels
     * @param width the region's width in pixels, at least 1
     * @param height the region's height in pixels, at least 1
     * @return the faces found in the region (a locator may look a few pixels beyond its edges), in pixels of
     *         {@code frame}, highest score first; empty when there is none
     * @throws IllegalArgumentException when the region is not inside the frame
     * @throws DeepfakeException {@link dev.deepfake4j.ErrorCode#BACKEND_FAILURE} when the backend fails
     */
    default List<FaceBox> locateIn(Frame frame, int x, int y, int width, int height) throws DeepfakeException {
        List<FaceBox> found = locate(frame.region(x, y, width, height));
        List<FaceBox> inFrame = new ArrayList<>(found.size());
        for (FaceBox face : found) {
            inFrame.add(face.translated(x, y));
        }
        return inFrame;
    }

    /** @return a short name for reports and the CLI, e.g. {@code yunet} */
    String name();

    /** Releases native resources; idempotent. The default does nothing. */
    @Override
    default void close() {
    }
}
