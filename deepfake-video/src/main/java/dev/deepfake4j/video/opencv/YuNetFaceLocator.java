package dev.deepfake4j.video.opencv;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.LocatorOptions;
import dev.deepfake4j.face.ScoredLocatorBuilder;
import dev.deepfake4j.image.Frame;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * Finds faces with YuNet (libfacedetection) through OpenCV's {@code FaceDetectorYN}: the default locator, the most
 * accurate for its cost among those here. Each face comes with 5 landmarks (right eye, left eye, nose tip, right and
 * left mouth corner, as x,y pairs in the frame's pixels).
 *
 * <p>The frame is scaled so that its longer side is {@link Builder#workingSize(int) the working size} (default 640
 * pixels, the model's training resolution), converted to BGR when it is RGB, and the boxes found are mapped back to
 * the frame's pixels. Faces smaller than {@link Builder#minFaceSize(double)} pixels (in the frame) are dropped.
 *
 * <p><b>Thread safety and resources.</b> Safe for concurrent use. {@code FaceDetectorYN} keeps per-call state, so the
 * locator keeps a pool of detectors, one per thread that calls at the same time, all sharing nothing; each holds its
 * own copy of the network (about 0.3 MB of weights). {@link #close()} frees them all (those in use when their call
 * ends); it is idempotent, and {@link #locate} after close throws {@link IllegalStateException}.
 */
public final class YuNetFaceLocator implements FaceLocator {
    /** OpenCV's default candidate count before non-maximum suppression. */
    private static final int CANDIDATES_BEFORE_NMS = 5000;

    private final Path model;
    private final LocatorOptions options;
    private final boolean upscale;
    private final NativePool<FaceDetectorYN> detectors;

    private YuNetFaceLocator(Builder b, LocatorOptions options) throws DeepfakeException {
        this.model = b.model.toAbsolutePath();
        this.options = options;
        this.upscale = b.upscale;
        if (!Files.isRegularFile(model)) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "YuNet model file not found: " + model
                    + "; download yunet_s_640_640.onnx (see the model registry) or pass the right path", model, null);
        }
        this.detectors = new NativePool<>(this::newDetector, "YuNetFaceLocator(" + model + ")");
        // Load one detector now so a bad model fails here, not in the first locate().
        FaceDetectorYN first;
        try {
            first = newDetector();
        } catch (RuntimeException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Not a usable YuNet ONNX model: " + model
                    + " (" + e.getMessage() + "); replace the file with yunet_s_640_640.onnx", model, e);
        }
        detectors.offer(first);
    }

    /**
     * @param model the YuNet ONNX file, e.g. {@code yunet_s_640_640.onnx}
     * @return a builder preset to a 640-pixel working size, score threshold 0.6 and NMS IoU 0.3
     */
    public static Builder builder(Path model) {
        return new Builder(model);
    }

    /**
     * A locator with the default settings.
     *
     * @param model the YuNet ONNX file
     * @return the locator; close it
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} or {@link ErrorCode#MODEL_INVALID}
     */
    public static YuNetFaceLocator create(Path model) throws DeepfakeException {
        return builder(model).build();
    }

    private FaceDetectorYN newDetector() {
        FaceDetectorYN detector;
        int workingSize = options.workingSize();
        try (Size initial = new Size(workingSize > 0 ? workingSize : 640, workingSize > 0 ? workingSize : 640)) {
            detector = FaceDetectorYN.create(model.toString(), "", initial, (float) options.scoreThreshold(),
                    (float) options.nmsThreshold(), CANDIDATES_BEFORE_NMS, 0, 0);
        }
        if (detector == null || detector.isNull()) {
            throw new IllegalStateException("FaceDetectorYN.create returned no detector for " + model);
        }
        return detector;
    }

    /**
     * @param frame the image; a view frame is read only during this call
     * @return the faces in the frame's pixels, highest score first, each with 5 landmarks; scores in [0, 1]
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when OpenCV fails
     */
    @Override
    public List<FaceBox> locate(Frame frame) throws DeepfakeException {
        Objects.requireNonNull(frame, "frame");
        FaceDetectorYN detector = detectors.borrow();
        try (WorkingImage image = WorkingImage.of(frame, options.workingSize(), upscale, false);
                Mat faces = new Mat()) {
            Mat input = image.mat();
            try (Size size = new Size(input.cols(), input.rows())) {
                detector.setInputSize(size);
            }
            detector.detect(input, faces);
            return toBoxes(faces, image.size(), frame);
        } catch (RuntimeException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE,
                    "YuNet face detection failed on " + frame + ": " + e.getMessage(), e);
        } finally {
            detectors.release(detector);
        }
    }

    private List<FaceBox> toBoxes(Mat faces, WorkingSize size, Frame frame) {
        if (faces.empty()) {
            return new ArrayList<>();
        }
        float[] rows = new float[faces.rows() * YuNetRows.COLUMNS];
        FloatBuffer values = faces.createBuffer();
        values.get(rows);
        return YuNetRows.toBoxes(rows, faces.rows(), size, frame, options);
    }

    /** @return {@code yunet} */
    @Override
    public String name() {
        return "yunet";
    }

    /** Frees every detector of the pool; idempotent. */
    @Override
    public void close() {
        detectors.close();
    }

    @Override
    public String toString() {
        return "YuNetFaceLocator[" + model + ", working size " + options.workingSize() + " px, score >= "
                + options.scoreThreshold() + ", NMS " + options.nmsThreshold() + ", min face " + options.minFaceSize()
                + " px]";
    }

    /**
     * Options of a {@link YuNetFaceLocator}; each setter checks its argument at once (the shared ones through
     * {@link LocatorOptions.Builder}). Presets: working size 640, score threshold 0.6 (OpenCV's sample setting), NMS
     * IoU 0.3. Not thread-safe.
     */
    public static final class Builder extends ScoredLocatorBuilder<Builder, YuNetFaceLocator> {
        private final Path model;
        private boolean upscale = false;

        private Builder(Path model) {
            this.model = Objects.requireNonNull(model, "model");
            options().workingSize(640).scoreThreshold(0.6).nmsThreshold(0.3);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param longSide pixels of the longer side of the image the network sees (default 640, YuNet's training
         *        resolution: 1080p frames become 640x360); 0 runs on the frame at full size. Larger finds smaller
         *        faces and costs more.
         * @return this
         */
        public Builder workingSize(int longSide) {
            options().workingSize(longSide);
            return this;
        }

        /**
         * @param upscale whether frames smaller than the working size are enlarged to it (default false: enlarging
         *        adds no detail and costs time)
         * @return this
         */
        public Builder upscale(boolean upscale) {
            this.upscale = upscale;
            return this;
        }

        /**
         * Loads the model (one detector; more are made as threads call at once).
         *
         * @return the locator; close it
         * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the file is missing,
         *         {@link ErrorCode#MODEL_INVALID} when OpenCV cannot load it as a YuNet network
         */
        @Override
        public YuNetFaceLocator build() throws DeepfakeException {
            return new YuNetFaceLocator(this, options().build());
        }
    }
}
