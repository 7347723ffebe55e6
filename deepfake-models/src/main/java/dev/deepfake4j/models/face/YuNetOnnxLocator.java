package dev.deepfake4j.models.face;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.LocatorOptions;
import dev.deepfake4j.face.ScoredLocatorBuilder;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.video.opencv.WorkingRegion;
import dev.deepfake4j.video.opencv.WorkingSize;
import dev.deepfake4j.video.opencv.YuNetRows;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * YuNet (libfacedetection) on ONNX Runtime: the same network file, the same pixels in and the same boxes out as
 * {@link dev.deepfake4j.video.opencv.YuNetFaceLocator} (OpenCV's {@code FaceDetectorYN}), at about half its CPU
 * time on a 2-core machine, because ONNX Runtime's convolutions are faster than OpenCV DNN's on this small network
 * (6.9 against 15.9 ms for a 640x384 input, one thread each; {@code docs/benchmarks.md}). The default locator.
 *
 * <p>The frame is scaled so its longer side is the working size (default 640 pixels), BGR, padded to multiples of
 * 32 ({@link YuNetInput}); the outputs are decoded and suppressed as {@code FaceDetectorYN} does ({@link
 * YuNetDecoder}); boxes are mapped back to the frame's pixels and faces smaller than {@link
 * Builder#minFaceSize(double)} dropped ({@link YuNetRows}). Each face comes with its 5 landmarks (right eye, left
 * eye, nose tip, right and left mouth corner). The model file declares a 640x640 input; the session is opened with
 * that size made free ({@link FreeImageSize}), as OpenCV runs it.
 *
 * <p><b>Threads and resources.</b> Safe for concurrent use: one ONNX Runtime session serves all threads, and each
 * call runs on its calling thread only (the pipeline runs frames of several videos at once, so one thread per call
 * uses the cores without ONNX Runtime's pool spinning beside it). Each call's native input is freed before it
 * returns. {@link #close()} waits for calls in flight and frees the session; it is idempotent, and {@link #locate}
 * after close throws {@link IllegalStateException}.
 */
public final class YuNetOnnxLocator implements FaceLocator {
    private static final String INPUT = "input";
    /** {@code FaceDetectorYN}'s candidates before NMS, as {@code cv2.FaceDetectorYN.create}'s default. */
    private static final int CANDIDATES_BEFORE_NMS = 5000;

    private final FaceModelSession session;
    private final LocatorOptions options;
    private final boolean upscale;

    private YuNetOnnxLocator(Builder b, LocatorOptions options) throws DeepfakeException {
        this.session = FaceModelSession.openWithFreeImageSize(b.model, "YuNet", INPUT, YuNetDecoder.OUTPUTS);
        long[] shape = session.inputShape();
        if (shape[1] != 3) {
            session.close();
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, session.model() + " is not a YuNet model: input '"
                    + INPUT + "' should be [1,3,H,W]; use yunet_s_640_640.onnx", session.model(), null);
        }
        this.options = options;
        this.upscale = b.upscale;
    }

    /**
     * @param model the YuNet ONNX file, e.g. {@code yunet_s_640_640.onnx}
     * @return a builder preset to a 640-pixel working size, score threshold 0.6 and NMS IoU 0.3, as
     *         {@link dev.deepfake4j.video.opencv.YuNetFaceLocator}
     */
    public static Builder builder(Path model) {
        return new Builder(model);
    }

    /**
     * @param model the YuNet ONNX file
     * @return a locator with the default settings; close it
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} or {@link ErrorCode#MODEL_INVALID}
     */
    public static YuNetOnnxLocator create(Path model) throws DeepfakeException {
        return builder(model).build();
    }

    /**
     * @param frame the image; a view frame is read only during this call
     * @return the faces in the frame's pixels, highest score first, each with 5 landmarks; scores in [0, 1]
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when ONNX Runtime or OpenCV fails
     */
    @Override
    public List<FaceBox> locate(Frame frame) throws DeepfakeException {
        Objects.requireNonNull(frame, "frame");
        return detect(frame, WorkingSize.of(frame, options.workingSize(), upscale));
    }

    /**
     * Looks only inside a region, seen at the whole frame's working scale ({@link WorkingRegion}): widened to whole
     * working pixels and to YuNet's 32-pixel grid, a face in it gets nearly the box a whole-frame {@link #locate}
     * gives it (the network sees less of its surroundings). A box twice the size of a 150-pixel face of a 1080p frame
     * is a twentieth of the whole frame's pixels.
     *
     * @return the faces in pixels of {@code frame}, highest score first, each with 5 landmarks
     * @throws IllegalArgumentException when the region is not inside the frame
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when ONNX Runtime or OpenCV fails
     */
    @Override
    public List<FaceBox> locateIn(Frame frame, int x, int y, int width, int height) throws DeepfakeException {
        Objects.requireNonNull(frame, "frame");
        WorkingSize whole = WorkingSize.of(frame, options.workingSize(), upscale);
        WorkingRegion region = WorkingRegion.of(whole, frame, x, y, width, height, YuNetInput.DIVISOR);
        List<FaceBox> found = detect(region.view(frame), region.size());
        List<FaceBox> inFrame = new ArrayList<>(found.size());
        for (FaceBox face : found) {
            inFrame.add(face.translated(region.x(), region.y()));
        }
        return inFrame;
    }

    private List<FaceBox> detect(Frame frame, WorkingSize size) throws DeepfakeException {
        try (YuNetInput input = YuNetInput.of(frame, size)) {
            Map<String, FloatBuffer> outputs = session.runFlat(input.tensor(), input.shape(), YuNetDecoder.OUTPUTS);
            YuNetDecoder.Rows rows;
            try {
                rows = YuNetDecoder.decode(outputs, input.paddedWidth(), input.paddedHeight(),
                        (float) options.scoreThreshold(), (float) options.nmsThreshold(), CANDIDATES_BEFORE_NMS);
            } catch (RuntimeException e) {
                throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "YuNet's outputs for " + frame
                        + " could not be decoded (" + e.getMessage() + "); is " + session.model()
                        + " yunet_s_640_640.onnx?", session.model(), e);
            }
            return YuNetRows.toBoxes(rows.values(), rows.count(), input.size(), frame, options);
        }
    }

    /** @return {@code yunet} */
    @Override
    public String name() {
        return "yunet";
    }

    /** Waits for calls in flight, then frees the session; idempotent. */
    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "YuNetOnnxLocator[" + session.model() + ", working size " + options.workingSize() + " px, score >= "
                + options.scoreThreshold() + ", NMS " + options.nmsThreshold() + ", min face " + options.minFaceSize()
                + " px]";
    }

    /**
     * Options of a {@link YuNetOnnxLocator}, the same as {@link dev.deepfake4j.video.opencv.YuNetFaceLocator}'s;
     * each setter checks its argument at once. Not thread-safe.
     */
    public static final class Builder extends ScoredLocatorBuilder<Builder, YuNetOnnxLocator> {
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
         *        resolution: 1080p frames become 640x360); 0 runs on the frame at full size
         * @return this
         */
        public Builder workingSize(int longSide) {
            options().workingSize(longSide);
            return this;
        }

        /**
         * @param upscale whether frames smaller than the working size are enlarged to it (default false)
         * @return this
         */
        public Builder upscale(boolean upscale) {
            this.upscale = upscale;
            return this;
        }

        /**
         * @return the locator; close it
         * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the file is missing,
         *         {@link ErrorCode#MODEL_INVALID} when it is not an ONNX model with YuNet's input and outputs
         */
        @Override
        public YuNetOnnxLocator build() throws DeepfakeException {
            return new YuNetOnnxLocator(this, options().build());
        }
    }
}
