package dev.deepfake4j.models.face;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.video.opencv.FrameMat;
import dev.deepfake4j.video.opencv.WorkingSize;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A frame as YuNet's network input, prepared exactly as OpenCV's {@code FaceDetectorYN} prepares it: scaled to the
 * {@link WorkingSize} (area interpolation when shrinking), BGR, zero-padded at the right and bottom to multiples of
 * {@value #DIVISOR} pixels, then NCHW floats of the raw 0–255 values ({@code blobFromImage} with no scaling or mean).
 * Owns the native blob that {@link #tensor()} views; close it after the run. Not thread-safe.
 */
final class YuNetInput implements AutoCloseable {
    /** YuNet's coarsest stride: both sides of the input are padded to a multiple of it. */
    static final int DIVISOR = 32;

    private final Mat blob;
    private final WorkingSize size;
    private final int paddedWidth;
    private final int paddedHeight;

    private YuNetInput(Mat blob, WorkingSize size, int paddedWidth, int paddedHeight) {
        this.blob = blob;
        this.size = size;
        this.paddedWidth = paddedWidth;
        this.paddedHeight = paddedHeight;
    }

    /**
     * @param frame the frame; a view frame is read only during this call
     * @param longSide the working size's long side (0: the frame's size)
     * @param upscale whether frames smaller than the working size are enlarged to it
     */
    static YuNetInput of(Frame frame, int longSide, boolean upscale) throws DeepfakeException {
        return of(frame, WorkingSize.of(frame, longSide, upscale));
    }

    /**
     * @param frame the frame or region; a view frame is read only during this call
     * @param size the size the network sees it at (a whole frame's or a {@code WorkingRegion}'s)
     */
    static YuNetInput of(Frame frame, WorkingSize size) throws DeepfakeException {
        int paddedWidth = padded(size.width());
        int paddedHeight = padded(size.height());
        try (FrameMat source = FrameMat.of(frame);
                Scalar black = new Scalar(0.0);
                Mat padded = new Mat(paddedHeight, paddedWidth, CV_8UC3, black);
                Rect placeRect = new Rect(0, 0, size.width(), size.height());
                Mat place = new Mat(padded, placeRect)) {
            if (size.resizes(frame)) {
                try (Size target = new Size(size.width(), size.height())) {
                    resize(source.mat(), place, target, 0, 0, size.shrinks(frame) ? INTER_AREA : INTER_LINEAR);
                }
            } else {
                source.mat().copyTo(place);
            }
            if (frame.format() == PixelFormat.RGB24) {
                // a channel swap commutes with the resize, so swapping afterwards gives FaceDetectorYN's pixels
                cvtColor(padded, padded, COLOR_RGB2BGR);
            }
            return new YuNetInput(blobFromImage(padded), size, paddedWidth, paddedHeight);
        } catch (RuntimeException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE,
                    "OpenCV failed to prepare " + frame + " for YuNet: " + e.getMessage(), e);
        }
    }

    /** @return the side rounded up to a multiple of {@link #DIVISOR}, as {@code FaceDetectorYN} does */
    static int padded(int side) {
        return ((side - 1) / DIVISOR + 1) * DIVISOR;
    }

    /** @return the NCHW floats, a direct view of the native blob, valid until {@link #close()} */
    FloatBuffer tensor() {
        long count = 3L * paddedWidth * paddedHeight;
        return new FloatPointer(blob.data()).capacity(count).asBuffer();
    }

    /** @return the tensor's shape, {@code 1 x 3 x paddedHeight x paddedWidth} */
    long[] shape() {
        return new long[] {1, 3, paddedHeight, paddedWidth};
    }

    /** @return the working size (before padding), with the factors back to the frame's pixels */
    WorkingSize size() {
        return size;
    }

    int paddedWidth() {
        return paddedWidth;
    }

    int paddedHeight() {
        return paddedHeight;
    }

    @Override
    public void close() {
        blob.close();
    }
}
