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
    private final WorkingSize size;

    private WorkingImage(FrameMat source, Mat derived, WorkingSize size) {
        this.source = source;
        this.derived = derived;
        this.size = size;
    }

    /**
     * @param frame the frame; a view frame must stay valid until this image is closed
     * @param longSide the working size: the frame is scaled so its longer side has this many pixels; 0 keeps the
     *        frame's size
     * @param upscale whether frames smaller than the working size are enlarged to it
     * @param grey whether to produce one grey channel instead of BGR
     */
    static WorkingImage of(Frame frame, int longSide, boolean upscale, boolean grey) {
        WorkingSize working = WorkingSize.of(frame, longSide, upscale);
        boolean rgb = frame.format() == PixelFormat.RGB24;
        boolean resizing = working.resizes(frame);
        FrameMat source = FrameMat.of(frame);
        Mat derived = null;
        try {
            Mat current = source.mat();
            if (resizing) {
                derived = new Mat();
                try (Size size = new Size(working.width(), working.height())) {
                    resize(current, derived, size, 0, 0, working.shrinks(frame) ? INTER_AREA : INTER_LINEAR);
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
        return new WorkingImage(source, derived, working);
    }

    /** @return the working image: BGR or grey, 8 bits per channel; valid until {@link #close()} */
    Mat mat() {
        return derived != null ? derived : source.mat();
    }

    /** @return the working size, with the factors from working-image pixels back to the frame's */
    WorkingSize size() {
        return size;
    }

    @Override
    public void close() {
        if (derived != null) {
            derived.close();
        }
        source.close();
    }
}
