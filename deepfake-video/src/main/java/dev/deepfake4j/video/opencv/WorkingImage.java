package dev.deepfake4j.video.opencv;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A frame brought to a detector's working size, in BGR or grey, plus the factors that map boxes found in it back to
 * the frame's pixels. Owns its Mat; close it. Not thread-safe.
 */
final class WorkingImage implements AutoCloseable {
    private final FrameMat source;
    private final Mat derived;
    private final double toFrameX;
    private final double toFrameY;

    private WorkingImage(FrameMat source, Mat derived, double toFrameX, double toFrameY) {
        this.source = source;
        this.derived = derived;
        this.toFrameX = toFrameX;
        this.toFrameY = toFrameY;
    }

    /**
     * @param frame the frame; a view frame must stay valid until this image is closed
     * @param longSide the working size: the frame is scaled so its longer side has this many pixels; 0 keeps the
     *        frame's size
     * @param upscale whether frames smaller than the working size are enlarged to it
     * @param grey whether to produce one grey channel instead of BGR
     */
    static WorkingImage of(Frame frame, int longSide, boolean upscale, boolean grey) {
        double scale = longSide <= 0 ? 1.0 : (double) longSide / Math.max(frame.width(), frame.height());
        if (scale > 1.0 && !upscale) {
            scale = 1.0;
        }
        int width = Math.max(1, (int) Math.round(frame.width() * scale));
        int height = Math.max(1, (int) Math.round(frame.height() * scale));
        boolean rgb = frame.format() == PixelFormat.RGB24;
        boolean resizing = width != frame.width() || height != frame.height();
        FrameMat source = FrameMat.of(frame);
        Mat derived = null;
        try {
            Mat current = source.mat();
            if (resizing) {
                derived = new Mat();
                try (Size size = new Size(width, height)) {
                    resize(current, derived, size, 0, 0, scale < 1 ? INTER_AREA : INTER_LINEAR);
                }
                current = derived;
            }
            if (grey || rgb) {
                // In place on our own resized copy; into a new Mat when current is the (read-only) frame.
                Mat converted = derived != null ? derived : (derived = new Mat());
                cvtColor(current, converted, grey ? (rgb ? COLOR_RGB2GRAY : COLOR_BGR2GRAY) : COLOR_RGB2BGR);
            }
        } catch (RuntimeException e) {
            if (derived != null) {
                derived.close();
            }
            source.close();
            throw e;
        }
        return new WorkingImage(source, derived, (double) frame.width() / width, (double) frame.height() / height);
    }

    /** @return the working image: BGR or grey, 8 bits per channel; valid until {@link #close()} */
    Mat mat() {
        return derived != null ? derived : source.mat();
    }

    /** @return factor from working-image x to frame x */
    double toFrameX() {
        return toFrameX;
    }

    /** @return factor from working-image y to frame y */
    double toFrameY() {
        return toFrameY;
    }

    @Override
    public void close() {
        if (derived != null) {
            derived.close();
        }
        source.close();
    }
}
