package dev.deepfake4j.video.opencv;

import static dev.deepfake4j.internal.Checks.checkArgument;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A frame's pixels (or a rectangle of them) seen as an 8-bit, 3-channel OpenCV {@link Mat}.
 *
 * <p><b>Copy or not.</b> When the frame's pixels are in direct (native) memory the Mat points straight into them,
 * honouring the frame's row stride: nothing is copied. When they are on the Java heap (owned frames), OpenCV cannot
 * address them, so the requested rectangle — only that rectangle — is copied into native memory the Mat owns.
 *
 * <p><b>Ownership.</b> The caller owns a {@code FrameMat} and must {@link #close()} it (try-with-resources); closing
 * frees the native copy, if any, and the Mat header. A Mat that points into a frame's buffer is valid only while that
 * buffer is: for a view frame, inside the decoder callback that delivered it. The Mat must be treated as read-only:
 * writing into it would write into the frame.
 *
 * <p><b>Thread safety.</b> Not thread-safe; use one per thread and per call.
 */
public final class FrameMat implements AutoCloseable {
    private final Mat mat;
    private final PixelFormat format;
    // Kept so the direct buffer the Mat points into cannot be collected while the Mat is in use.
    @SuppressWarnings("unused")
    private final ByteBuffer keepAlive;
    private final BytePointer pointer;

    private FrameMat(Mat mat, PixelFormat format, ByteBuffer keepAlive, BytePointer pointer) {
        this.mat = mat;
        this.format = format;
        this.keepAlive = keepAlive;
        this.pointer = pointer;
    }

    /**
     * @param frame the frame
     * @return a Mat over the whole frame (see the class comment for when it copies)
     */
    public static FrameMat of(Frame frame) {
        return region(frame, 0, 0, frame.width(), frame.height());
    }

    /**
     * @param frame the frame
     * @param x left column of the rectangle, in pixels
     * @param y top row of the rectangle, in pixels
     * @param width width of the rectangle in pixels (at least 1)
     * @param height height of the rectangle in pixels (at least 1)
     * @return a Mat over the rectangle, which must lie inside the frame
     */
    public static FrameMat region(Frame frame, int x, int y, int width, int height) {
        checkArgument(width > 0 && height > 0 && x >= 0 && y >= 0 && x + width <= frame.width()
                && y + height <= frame.height(), "rectangle %sx%s at (%s,%s) is outside the %sx%s frame",
                width, height, x, y, frame.width(), frame.height());
        // Through region(): of a frame whose pixels are converted on demand, only the rectangle is converted.
        ByteBuffer pixels = frame.region(x, y, width, height).pixels();
        int stride = frame.rowStride();
        int start = pixels.position();
        if (pixels.isDirect()) {
            BytePointer pointer = new BytePointer(pixels);
            pointer.position(start);
            Mat mat = new Mat(height, width, CV_8UC3, pointer, stride);
            return new FrameMat(mat, frame.format(), pixels, pointer);
        }
        Mat mat = new Mat(height, width, CV_8UC3);
        ByteBuffer dst = mat.data().capacity((long) width * height * 3).asByteBuffer();
        int rowBytes = width * 3;
        for (int row = 0; row < height; row++) {
            ByteBuffer src = pixels.duplicate();
            int from = start + row * stride;
            src.position(from).limit(from + rowBytes);
            dst.put(src);
        }
        return new FrameMat(mat, frame.format(), null, null);
    }

    /** @return the Mat (8-bit, 3 channels, in {@link #format()} order); valid until {@link #close()} */
    public Mat mat() {
        return mat;
    }

    /** @return the channel order of the Mat's pixels (the frame's) */
    public PixelFormat format() {
        return format;
    }

    /** Frees the Mat and any native copy; idempotent. */
    @Override
    public void close() {
        mat.close();
        if (pointer != null) {
            pointer.close();
        }
    }
}
