package dev.deepfake4j.models.face;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.LocatorOptions;
import dev.deepfake4j.face.ScoredLocatorBuilder;
import dev.deepfake4j.image.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds faces with MediaPipe's BlazeFace through ONNX Runtime: the front-camera model ({@code blazeface.onnx},
 * 128x128, for faces that fill a good part of the picture — about a fifth of it or more) or the back-camera model
 * ({@code blazefaceback.onnx}, 256x256, smaller faces). Each face comes with 6 keypoints (right eye, left eye, nose
 * tip, mouth centre, right ear tragion, left ear tragion; x,y pairs in the frame's pixels).
 *
 * <p>The frame is scaled by one factor so its longer side fills the model's square input and padded with zeros
 * (keeping the aspect ratio), RGB, {@code v / 127.5 - 1}, NCHW, input {@code l_x_}. The 896 candidates are decoded
 * against the anchors ({@code anchors.csv}: x_center, y_center, w, h, normalised) as the reference code does: centre
 * {@code r/size * anchor size + anchor centre}, size {@code r/size * anchor size}; score
 * {@code sigmoid(clip(logit, -100, 100))}; candidates above the threshold (default 0.75 front, 0.65 back) are merged by
 * weighted non-maximum suppression at IoU 0.3 (in Java), and mapped back to the frame's pixels.
 *
 * <p><b>Thread safety and resources.</b> Safe for concurrent use: one ONNX Runtime session serves all threads.
 * {@link #close()} waits for calls in flight and frees the session; it is idempotent, and {@link #locate} after
 * close throws {@link IllegalStateException}.
 */
public final class BlazeFaceLocator implements FaceLocator {
    private static final String INPUT = "l_x_";
    private static final int CANDIDATES = 896;
    private static final int KEYPOINTS = 6;
    private static final int FRONT_SIZE = 128;
    /** MediaPipe's score thresholds for the front (128) and back (256) models. */
    private static final double FRONT_SCORE_THRESHOLD = 0.75;
    private static final double BACK_SCORE_THRESHOLD = 0.65;

    private final FaceModelSession session;
    private final int inputSize;
    private final float[][] anchors;
    private final String regressorsOutput;
    private final String logitsOutput;
    private final LocatorOptions options;

    private BlazeFaceLocator(Builder b, LocatorOptions chosen) throws DeepfakeException {
        this.anchors = b.anchors == null ? generatedAnchors() : readAnchors(b.anchors.toAbsolutePath());
        this.session = FaceModelSession.open(b.model, "BlazeFace", INPUT);
        try {
            long[] shape = session.inputShape();
            if (shape[1] != 3 || shape[2] != shape[3] || shape[2] <= 0) {
                throw invalid("input '" + INPUT + "' should be [1,3,S,S] with a fixed size S");
            }
            this.inputSize = (int) shape[2];
            String regressors = null;
            String logits = null;
            for (Map.Entry<String, long[]> output : session.outputShapes().entrySet()) {
                long[] s = output.getValue();
                if (s.length == 3 && s[1] == CANDIDATES && s[2] == 16) {
                    regressors = output.getKey();
                } else if (s.length == 3 && s[1] == CANDIDATES && s[2] == 1) {
                    logits = output.getKey();
                }
            }
            if (regressors == null || logits == null) {
                throw invalid("outputs should be regressors [1,896,16] and logits [1,896,1]");
            }
            this.regressorsOutput = regressors;
            this.logitsOutput = logits;
        } catch (DeepfakeException e) {
            session.close();
            throw e;
        }
        // The default threshold depends on which model this is, known only now that it is loaded.
        this.options = b.scoreThresholdChosen ? chosen : chosen.toBuilder()
                .scoreThreshold(inputSize == FRONT_SIZE ? FRONT_SCORE_THRESHOLD : BACK_SCORE_THRESHOLD)
                .build();
    }

    private DeepfakeException invalid(String why) {
        return new DeepfakeException(ErrorCode.MODEL_INVALID,
                session.model() + " is not a BlazeFace model: " + why, session.model(), null);
    }

    /**
     * The 896 anchors MediaPipe's SSD anchor calculator gives both BlazeFace models (fixed size 1, offset 0.5):
     * a 16×16 grid with 2 anchors per cell, then an 8×8 grid with 6 per cell, row by row, centres at
     * {@code ((x + 0.5) / W, (y + 0.5) / H)} — the same values {@code anchors.csv} holds, computed rather than read.
     *
     * @return 896 rows of {x_center, y_center, w, h}, normalised
     */
    static float[][] generatedAnchors() {
        float[][] out = new float[CANDIDATES][];
        int i = 0;
        int[][] grids = {{16, 2}, {8, 6}};
        for (int[] g : grids) {
            int size = g[0];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    for (int a = 0; a < g[1]; a++) {
                        out[i++] = new float[] {(x + 0.5f) / size, (y + 0.5f) / size, 1f, 1f};
                    }
                }
            }
        }
        return out;
    }

    private static float[][] readAnchors(Path file) throws DeepfakeException {
        if (!Files.isRegularFile(file)) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "BlazeFace anchors file not found: " + file
                    + "; it comes with the model (anchors.csv)", file, null);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "Cannot read BlazeFace anchors " + file, file, e);
        }
        List<float[]> rows = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || Character.isLetter(trimmed.charAt(0))) {
                continue; // header "x_center,y_center,w,h"
            }
            String[] parts = trimmed.split(",");
            try {
                if (parts.length != 4) {
                    throw new NumberFormatException(parts.length + " values");
                }
                float[] anchor = new float[4];
                for (int i = 0; i < 4; i++) {
                    anchor[i] = Float.parseFloat(parts[i].trim());
                }
                rows.add(anchor);
            } catch (NumberFormatException e) {
                throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Bad BlazeFace anchor line '" + trimmed + "' in "
                        + file + ": expected x_center,y_center,w,h", file, e);
            }
        }
        if (rows.size() != CANDIDATES) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "BlazeFace anchors " + file + " hold " + rows.size()
                    + " anchors; the model needs " + CANDIDATES, file, null);
        }
        return rows.toArray(new float[0][]);
    }

    /**
     * @param model {@code blazeface.onnx} (front, 128) or {@code blazefaceback.onnx} (back, 256)
     * @param anchors the anchors file that comes with the models ({@code anchors.csv}, 896 rows)
     * @return a builder preset to the reference settings (threshold 0.75 front / 0.65 back, weighted NMS 0.3)
     */
    public static Builder builder(Path model, Path anchors) {
        return new Builder(model, Objects.requireNonNull(anchors, "anchors"));
    }

    /**
     * @param model {@code blazeface.onnx} (front, 128) or {@code blazefaceback.onnx} (back, 256)
     * @return a builder with the anchors computed by MediaPipe's rule (identical to {@code anchors.csv})
     */
    public static Builder builder(Path model) {
        return new Builder(model, null);
    }

    /**
     * @param model {@code blazeface.onnx} or {@code blazefaceback.onnx}
     * @param anchors {@code anchors.csv}
     * @return a locator with the reference settings; close it
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} or {@link ErrorCode#MODEL_INVALID}
     */
    public static BlazeFaceLocator create(Path model, Path anchors) throws DeepfakeException {
        return builder(model, anchors).build();
    }

    /**
     * @param model {@code blazeface.onnx} or {@code blazefaceback.onnx}
     * @return a locator with the reference settings and computed anchors; close it
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} or {@link ErrorCode#MODEL_INVALID}
     */
    public static BlazeFaceLocator create(Path model) throws DeepfakeException {
        return builder(model).build();
    }

    /**
     * @param frame the image; a view frame is read only during this call
     * @return the faces in the frame's pixels with 6 keypoints each, highest score first (scores in [0, 1])
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when ONNX Runtime or OpenCV fails
     */
    @Override
    public List<FaceBox> locate(Frame frame) throws DeepfakeException {
        Objects.requireNonNull(frame, "frame");
        ModelImage image = ModelImage.of(frame, inputSize, inputSize, ModelImage.Fit.PAD_TO_SQUARE, 127.5f, 127.5f);
        Map<String, Object> out = session.run(image.tensor(), regressorsOutput, logitsOutput);
        float[][] regressors = ((float[][][]) out.get(regressorsOutput))[0];
        float[][] logits = ((float[][][]) out.get(logitsOutput))[0];
        double sx = image.frameWidthPerUnit();
        double sy = image.frameHeightPerUnit();
        double scale = inputSize;
        double scoreThreshold = options.scoreThreshold();
        List<FaceBox> candidates = new ArrayList<>();
        for (int i = 0; i < CANDIDATES; i++) {
            double logit = Math.max(-100, Math.min(100, logits[i][0]));
            double score = 1 / (1 + Math.exp(-logit));
            if (score < scoreThreshold) {
                continue;
            }
            float[] r = regressors[i];
            float[] a = anchors[i];
            double xc = r[0] / scale * a[2] + a[0];
            double yc = r[1] / scale * a[3] + a[1];
            double w = r[2] / scale * a[2];
            double h = r[3] / scale * a[3];
            if (!(w > 0 && h > 0)) {
                continue;
            }
            float[] keypoints = new float[2 * KEYPOINTS];
            for (int k = 0; k < KEYPOINTS; k++) {
                keypoints[2 * k] = (float) ((r[4 + 2 * k] / scale * a[2] + a[0]) * sx);
                keypoints[2 * k + 1] = (float) ((r[5 + 2 * k] / scale * a[3] + a[1]) * sy);
            }
            candidates.add(new FaceBox((xc - w / 2) * sx, (yc - h / 2) * sy, (xc + w / 2) * sx, (yc + h / 2) * sy,
                    score, keypoints));
        }
        List<FaceBox> faces = new ArrayList<>();
        for (FaceBox face : NonMaxSuppression.weighted(candidates, options.nmsThreshold())) {
            FaceBox clipped = face.clippedTo(frame.width(), frame.height());
            if (clipped.area() > 0 && options.isLargeEnough(clipped)) {
                faces.add(clipped);
            }
        }
        return options.best(faces);
    }

    /** @return {@code blazeface} */
    @Override
    public String name() {
        return "blazeface";
    }

    /** @return the side of the model's square input in pixels (128 front, 256 back) */
    public int inputSize() {
        return inputSize;
    }

    /** Waits for calls in flight and frees the ONNX Runtime session; idempotent. */
    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "BlazeFaceLocator[" + session.model() + " " + inputSize + "x" + inputSize + ", score >= "
                + options.scoreThreshold() + ", weighted NMS " + options.nmsThreshold() + ", min face "
                + options.minFaceSize() + " px]";
    }

    /**
     * Options of a {@link BlazeFaceLocator}; each setter checks its argument at once (through
     * {@link LocatorOptions.Builder}). Presets: score threshold 0.75 for the 128 front model and 0.65 for the 256 back
     * model (MediaPipe's settings; chosen once the model is loaded, unless {@link #scoreThreshold(double)} is called),
     * weighted NMS at IoU 0.3 (candidates overlapping a better one by more are merged into it). Not thread-safe.
     */
    public static final class Builder extends ScoredLocatorBuilder<Builder, BlazeFaceLocator> {
        private final Path model;
        private final Path anchors;
        /** Whether the caller chose the score threshold; if not, it follows the model (front or back). */
        private boolean scoreThresholdChosen;

        private Builder(Path model, Path anchors) {
            this.model = Objects.requireNonNull(model, "model");
            this.anchors = anchors;
            options().scoreThreshold(FRONT_SCORE_THRESHOLD).nmsThreshold(0.3);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param threshold minimum face score in [0, 1] (default: 0.75 for the 128 front model, 0.65 for the 256
         *        back model, MediaPipe's settings); once called, the threshold no longer follows the model
         * @return this
         */
        @Override
        public Builder scoreThreshold(double threshold) {
            super.scoreThreshold(threshold);
            this.scoreThresholdChosen = true;
            return this;
        }

        /**
         * Reads the anchors and loads the model into an ONNX Runtime session.
         *
         * @return the locator; close it
         * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the model or anchors file is missing,
         *         {@link ErrorCode#MODEL_INVALID} when either is not what BlazeFace needs
         */
        @Override
        public BlazeFaceLocator build() throws DeepfakeException {
            return new BlazeFaceLocator(this, options().build());
        }
    }
}
