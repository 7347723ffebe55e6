package dev.deepfake4j.face;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.image.Frame;
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

    /** @return a short name for reports and the CLI, e.g. {@code yunet} */
    String name();

    /** Releases native resources; idempotent. The default does nothing. */
    @Override
    default void close() {
    }
}
