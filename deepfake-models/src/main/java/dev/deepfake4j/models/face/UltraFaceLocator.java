package dev.deepfake4j.models.face;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.LocatorOptions;
import dev.deepfake4j.face.ScoredLocatorBuilder;
import dev.deepfake4j.image.Frame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds faces with UltraFace (Ultra-Light-Fast-Generic-Face-Detector-1MB, trained on WIDER FACE) through ONNX
 * Runtime. Works with the post-processed exports {@code version-RFB-320.onnx} (320x240), {@code version-RFB-640.onnx}
 * (640x480) and {@code version-slim-320.onnx}; the input size is read from the model.
 *
 * <p>As the model's reference code does: the frame is stretched to the input size, RGB, {@code (v - 127) / 128},
 * NCHW; the {@code scores} output ({@code [1, N, 2]}, softmaxed, column 1 = face) is thresholded (default 0.7), the
 * {@code boxes} output ({@code [1, N, 4]}, normalised corners) clipped to the image, mapped to the frame's pixels,
 * and hard non-maximum suppression at IoU 0.3 is applied (in Java). No landmarks.
 *
 * <p><b>Thread safety and resources.</b> Safe for concurrent use: one ONNX Runtime session serves all threads.
 * {@link #close()} waits for calls in flight and frees the session; it is idempotent, and {@link #locate} after
 * close throws {@link IllegalStateException}.
 */
public final class UltraFaceLocator implements FaceLocator {
    private static final String INPUT = "input";
    private static final String SCORES = "scores";
    private static final String BOXES = "boxes";

    private final FaceModelSession session;
    private final int inputWidth;
    private final int inputHeight;
    private final LocatorOptions options;

    private UltraFaceLocator(Builder b, LocatorOptions options) throws DeepfakeException {
        this.session = FaceModelSession.open(b.model, "UltraFace", INPUT, SCORES, BOXES);
        long[] shape = session.inputShape();
        this.inputHeight = (int) shape[2];
        this.inputWidth = (int) shape[3];
        if (shape[1] != 3 || inputWidth <= 0 || inputHeight <= 0) {
            session.close();
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, session.model() + " is not an UltraFace model: input '"
                    + INPUT + "' should be [1,3,H,W] with a fixed size", session.model(), null);
        }
        this.options = options;
    }

    /**
     * @param model an UltraFace ONNX file with post-processing ({@code version-RFB-320.onnx} and the like)
     * @return a builder preset to score threshold 0.7 and NMS IoU 0.3 (the model's reference settings)
     */
    public static Builder builder(Path model) {
        return new Builder(model);
    }

    /**
     * @param model an UltraFace ONNX file
     * @return a locator with the reference settings; close it
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} or {@link ErrorCode#MODEL_INVALID}
     */
    public static UltraFaceLocator create(Path model) throws DeepfakeException {
        return builder(model).build();
    }

    /**
     * @param frame the image; a view frame is read only during this call
     * @return the faces in the frame's pixels, highest score first (scores are face probabilities in [0, 1])
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when ONNX Runtime or OpenCV fails
     */
    @Override
    public List<FaceBox> locate(Frame frame) throws DeepfakeException {
        Objects.requireNonNull(frame, "frame");
        ModelImage image = ModelImage.of(frame, inputWidth, inputHeight, ModelImage.Fit.STRETCH, 127f, 128f);
        Map<String, Object> out = session.run(image.tensor(), SCORES, BOXES);
        float[][] scores = ((float[][][]) out.get(SCORES))[0];
        float[][] boxes = ((float[][][]) out.get(BOXES))[0];
        double sx = image.frameWidthPerUnit();
        double sy = image.frameHeightPerUnit();
        double scoreThreshold = options.scoreThreshold();
        List<FaceBox> candidates = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            float score = scores[i][1];
            if (score <= scoreThreshold) {
                continue;
            }
            float[] b = boxes[i];
            double x1 = clamp01(b[0]) * sx;
            double y1 = clamp01(b[1]) * sy;
            double x2 = clamp01(b[2]) * sx;
            double y2 = clamp01(b[3]) * sy;
            if (x2 <= x1 || y2 <= y1) {
                continue;
            }
            candidates.add(FaceBox.of(x1, y1, x2, y2, score));
        }
        List<FaceBox> faces = new ArrayList<>();
        for (FaceBox face : NonMaxSuppression.hard(candidates, options.nmsThreshold())) {
            if (options.isLargeEnough(face)) {
                faces.add(face);
            }
        }
        return options.best(faces);
    }

    private static double clamp01(float v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    /** @return {@code ultraface} */
    @Override
    public String name() {
        return "ultraface";
    }

    /** @return the model's input width in pixels (320 or 640) */
    public int inputWidth() {
        return inputWidth;
    }

    /** @return the model's input height in pixels (240 or 480) */
    public int inputHeight() {
        return inputHeight;
    }

    /** Waits for calls in flight and frees the ONNX Runtime session; idempotent. */
    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "UltraFaceLocator[" + session.model() + " " + inputWidth + "x" + inputHeight + ", score > "
                + options.scoreThreshold() + ", NMS " + options.nmsThreshold() + ", min face " + options.minFaceSize()
                + " px]";
    }

    /**
     * Options of an {@link UltraFaceLocator}; each setter checks its argument at once (the shared ones through
     * {@link LocatorOptions.Builder}). Presets: score threshold 0.7 and NMS IoU 0.3, the reference code's. Not
     * thread-safe.
     */
    public static final class Builder extends ScoredLocatorBuilder<Builder, UltraFaceLocator> {
        private final Path model;

        private Builder(Path model) {
            this.model = Objects.requireNonNull(model, "model");
            options().scoreThreshold(0.7).nmsThreshold(0.3);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param threshold keep candidates whose face probability is above this, in [0, 1) (default 0.7, the
         *        reference code's)
         * @return this
         */
        @Override
        public Builder scoreThreshold(double threshold) {
            // Stricter than the shared [0, 1]: candidates must score above the threshold, so 1 would keep none.
            checkArgument(threshold >= 0 && threshold < 1, "score threshold must be in [0, 1): %s", threshold);
            return super.scoreThreshold(threshold);
        }

        /**
         * Loads the model into an ONNX Runtime session.
         *
         * @return the locator; close it
         * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the file is missing,
         *         {@link ErrorCode#MODEL_INVALID} when it is not an UltraFace ONNX model
         */
        @Override
        public UltraFaceLocator build() throws DeepfakeException {
            return new UltraFaceLocator(this, options().build());
        }
    }
}
