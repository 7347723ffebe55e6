package dev.deepfake4j.image;

/**
 * Pixels of a view frame that are written into its buffer only when first read: a decoder that converts colour
 * per region instead of per frame gives a {@link Frame#pendingView} this, and a pipeline that reads only the boxes
 * around faces pays only for those (a 1080p yuv444p frame costs swscale about 9 ms whole).
 *
 * <p><b>Contract.</b> {@link #fill} writes at least the given rectangle of the frame's buffer, exactly the pixels a
 * conversion of the whole frame would write there, and may write more. The frame calls it under its own lock,
 * never twice for a rectangle it already holds. It is valid only as long as the view frame is: called after the
 * decoder's callback returned, it must throw {@link IllegalStateException}, never read freed memory.
 */
@FunctionalInterface
public interface PendingPixels {
    /**
     * @param x left column in pixels
     * @param y top row in pixels
     * @param width width in pixels, at least 1
     * @param height height in pixels, at least 1
     * @throws IllegalStateException when the frame's pixels are no longer available (read after its callback)
     */
    void fill(int x, int y, int width, int height);
}
