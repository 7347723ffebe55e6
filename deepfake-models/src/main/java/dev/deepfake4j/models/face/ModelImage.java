package dev.deepfake4j.models.face;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.video.opencv.FrameMat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A frame turned into a detector's input tensor: resized with OpenCV, RGB, NCHW floats {@code (v - mean) / std}, in
 * a direct native-order buffer that ONNX Runtime reads without copying. Records how the frame was fitted so boxes
 * in the input's normalised coordinates can be mapped back to the frame's pixels. Every native object lives only
 * inside {@link #of}.
 */
final class ModelImage {
    /** How a frame is fitted into the model's fixed input size. */
    enum Fit {
        /** Width and height scaled separately to the input size (UltraFace's reference preprocessing). */
        STRETCH,
        /** Scaled by one factor so the longer side fits, placed top-left, the rest zeros (keeps the aspect ratio). */
        PAD_TO_SQUARE
    }

    private final FloatBuffer tensor;
    private final double frameWidthPerUnit;
    private final double frameHeightPerUnit;

    private ModelImage(FloatBuffer tensor, double frameWidthPerUnit, double frameHeightPerUnit) {
        this.tensor = tensor;
        this.frameWidthPerUnit = frameWidthPerUnit;
        this.frameHeightPerUnit = frameHeightPerUnit;
    }

    static ModelImage of(Frame frame, int width, int height, Fit fit, float mean, float std)
            throws DeepfakeException {
        int placedW = width;
        int placedH = height;
        double unitsX = frame.width();
        double unitsY = frame.height();
        if (fit == Fit.PAD_TO_SQUARE) {
            double s = Math.min((double) width / frame.width(), (double) height / frame.height());
            placedW = Math.max(1, Math.min(width, (int) Math.round(frame.width() * s)));
            placedH = Math.max(1, Math.min(height, (int) Math.round(frame.height() * s)));
            // Normalised input coordinate 1.0 spans the whole padded input, i.e. width / s frame pixels.
            unitsX = width / s;
            unitsY = height / s;
        }
        byte[] rgb = new byte[width * height * 3];
        try (FrameMat source = FrameMat.of(frame);
                Scalar black = new Scalar(0.0);
                Mat input = new Mat(height, width, CV_8UC3, black);
                Rect placeRect = new Rect(0, 0, placedW, placedH);
                Mat place = new Mat(input, placeRect);
                Size placeSize = new Size(placedW, placedH)) {
            // Bilinear, as the models' reference code (cv2.resize's default): thresholds were tuned with it.
            resize(source.mat(), place, placeSize, 0, 0, INTER_LINEAR);
            if (frame.format() == PixelFormat.BGR24) {
                cvtColor(input, input, COLOR_BGR2RGB);
            }
            input.data().capacity(rgb.length).get(rgb);
        } catch (RuntimeException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE,
                    "OpenCV failed to prepare " + frame + " for a face detector: " + e.getMessage(), e);
        }
        int plane = width * height;
        FloatBuffer tensor = ByteBuffer.allocateDirect(plane * 3 * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                tensor.put(c * plane + i, ((rgb[i * 3 + c] & 0xFF) - mean) / std);
            }
        }
        return new ModelImage(tensor, unitsX, unitsY);
    }

    /** @return the NCHW tensor data, positioned at 0 */
    FloatBuffer tensor() {
        return tensor;
    }

    /** @return frame pixels per unit of normalised input x */
    double frameWidthPerUnit() {
        return frameWidthPerUnit;
    }

    /** @return frame pixels per unit of normalised input y */
    double frameHeightPerUnit() {
        return frameHeightPerUnit;
    }
}
