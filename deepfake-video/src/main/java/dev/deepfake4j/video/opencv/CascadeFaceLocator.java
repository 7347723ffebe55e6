package dev.deepfake4j.video.opencv;

import static dev.deepfake4j.internal.Checks.checkArgument;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.LocatorBuilder;
import dev.deepfake4j.face.LocatorOptions;
import dev.deepfake4j.image.Frame;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Finds frontal faces with one of OpenCV's classic boosted cascades (Viola–Jones Haar features, or LBP features),
 * read from the XML files inside the Bytedeco OpenCV native jar: the locator that needs no model download. It is
 * much less accurate than {@link YuNetFaceLocator} (misses turned and small faces, finds faces in texture) and
 * gives no landmarks.
 *
 * <p>The frame is scaled so its longer side is the working size ({@link Cascade#defaultWorkingSize()}), turned grey and
 * histogram-equalised (the cascades were trained on equalised grey windows); boxes are mapped back to the frame's
 * pixels. A cascade gives no calibrated confidence: every face has score 1.0, faces are ordered by decreasing area,
 * and {@link Builder#minNeighbors(int)} is the knob that trades misses for false alarms.
 *
 * <p><b>Thread safety and resources.</b> Safe for concurrent use: OpenCV's {@code CascadeClassifier} keeps per-call
 * state, so the locator keeps a pool of classifiers, one per thread that calls at once. {@link #close()} frees them
 * all; it is idempotent, and {@link #locate} after close throws {@link IllegalStateException}.
 */
public final class CascadeFaceLocator implements FaceLocator {

    /** The cascades shipped with OpenCV that this locator can use. */
    public enum Cascade {
        /** {@code haarcascades/haarcascade_frontalface_default.xml}: Haar features, the classic Viola–Jones model. */
        HAAR_FRONTAL_FACE("haarcascades/haarcascade_frontalface_default.xml", "haar", 640),
        /** {@code lbpcascades/lbpcascade_frontalface_improved.xml}: LBP features, faster than Haar. */
        LBP_FRONTAL_FACE("lbpcascades/lbpcascade_frontalface_improved.xml", "lbp", 1280);

        private final String file;
        private final String shortName;
        private final int defaultWorkingSize;

        Cascade(String file, String shortName, int defaultWorkingSize) {
            this.file = file;
            this.shortName = shortName;
            this.defaultWorkingSize = defaultWorkingSize;
        }

        /**
         * @return the default working size in pixels (long side): 640 for Haar, whose smallest window is 24 pixels;
         *         1280 for LBP, whose smallest window is 45 pixels and which misses the faces of a group photo at 640
         */
        public int defaultWorkingSize() {
            return defaultWorkingSize;
        }

        /** @return the resource path inside the OpenCV native jar of this platform */
        String resource() {
            return "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + file;
        }
    }

    /** Larger faces first: a cascade's score is always 1.0 and says nothing. */
    private static final Comparator<FaceBox> LARGER_FIRST = Comparator.comparingDouble(FaceBox::area).reversed();

    private final Cascade cascade;
    private final File cascadeFile;
    private final LocatorOptions options;
    private final double scaleFactor;
    private final int minNeighbors;
    private final NativePool<CascadeClassifier> classifiers;

    private CascadeFaceLocator(Builder b, LocatorOptions options) throws DeepfakeException {
        this.cascade = b.cascade;
        this.options = options;
        this.scaleFactor = b.scaleFactor;
        this.minNeighbors = b.minNeighbors;
        String resource = cascade.resource();
        try {
            // Loads the opencv_objdetect natives and extracts the XML to JavaCPP's cache folder (once per machine).
            Loader.load(org.bytedeco.opencv.global.opencv_objdetect.class);
            this.cascadeFile = Loader.cacheResource(resource);
        } catch (IOException | RuntimeException e) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "OpenCV cascade " + resource
                    + " not found in the OpenCV native jar; is org.bytedeco:opencv for " + Loader.getPlatform()
                    + " on the classpath?", e);
        }
        if (cascadeFile == null) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "OpenCV cascade " + resource
                    + " not found in the OpenCV native jar; is org.bytedeco:opencv for " + Loader.getPlatform()
                    + " on the classpath?");
        }
        this.classifiers = new NativePool<>(this::newClassifier, "CascadeFaceLocator(" + cascade + ")");
        try {
            classifiers.offer(newClassifier());
        } catch (RuntimeException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID,
                    "OpenCV could not load cascade " + cascadeFile + ": " + e.getMessage(), cascadeFile.toPath(), e);
        }
    }

    /**
     * @param cascade which cascade
     * @return a builder preset to the cascade's default working size, scale step 1.1 and 5 neighbours
     */
    public static Builder builder(Cascade cascade) {
        return new Builder(cascade);
    }

    /**
     * @param cascade which cascade
     * @return a locator with the default settings; close it
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the OpenCV native jar lacks the cascade
     */
    public static CascadeFaceLocator create(Cascade cascade) throws DeepfakeException {
        return builder(cascade).build();
    }

    private CascadeClassifier newClassifier() {
        CascadeClassifier classifier = new CascadeClassifier();
        if (!classifier.load(cascadeFile.getAbsolutePath()) || classifier.empty()) {
            classifier.close();
            throw new IllegalStateException("CascadeClassifier.load failed for " + cascadeFile);
        }
        return classifier;
    }

    /**
     * @param frame the image; a view frame is read only during this call
     * @return the faces in the frame's pixels, largest first, each with score 1.0 and no landmarks
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when OpenCV fails
     */
    @Override
    public List<FaceBox> locate(Frame frame) throws DeepfakeException {
        Objects.requireNonNull(frame, "frame");
        CascadeClassifier classifier = classifiers.borrow();
        try (WorkingImage image = WorkingImage.of(frame, options.workingSize(), false, true);
                RectVector found = new RectVector()) {
            Mat grey = image.mat();
            // equalizeHist writes a new image; the working image may be a read-only view of the frame.
            try (Mat equalised = new Mat()) {
                equalizeHist(grey, equalised);
                int minSide = (int) Math.max(1,
                        Math.floor(options.minFaceSize() / Math.max(image.size().toFrameX(), image.size().toFrameY())));
                try (Size min = new Size(minSide, minSide); Size max = new Size()) {
                    classifier.detectMultiScale(equalised, found, scaleFactor, minNeighbors, 0, min, max);
                }
            }
            List<FaceBox> boxes = new ArrayList<>();
            for (long i = 0; i < found.size(); i++) {
                try (Rect r = found.get(i)) {
                    FaceBox box = FaceBox.of(r.x(), r.y(), r.x() + r.width(), r.y() + r.height(), 1.0)
                            .scaled(image.size().toFrameX(), image.size().toFrameY());
                    if (options.isLargeEnough(box)) {
                        boxes.add(box);
                    }
                }
            }
            return options.best(boxes, LARGER_FIRST);
        } catch (RuntimeException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE,
                    "Cascade face detection failed on " + frame + ": " + e.getMessage(), e);
        } finally {
            classifiers.release(classifier);
        }
    }

    /** @return {@code haar} or {@code lbp} */
    @Override
    public String name() {
        return cascade.shortName;
    }

    /** Frees every classifier of the pool; idempotent. */
    @Override
    public void close() {
        classifiers.close();
    }

    @Override
    public String toString() {
        return "CascadeFaceLocator[" + cascade + ", working size " + options.workingSize() + " px, scale step "
                + scaleFactor + ", " + minNeighbors + " neighbours, min face " + options.minFaceSize() + " px]";
    }

    /**
     * Options of a {@link CascadeFaceLocator}; each setter checks its argument at once (the shared ones through
     * {@link LocatorOptions.Builder}). A cascade has no score, so it has no score or NMS threshold; faces below
     * {@link #minFaceSize(double) the minimum size} are not even searched for, and {@link #maxFaces(int)} keeps the
     * largest. Not thread-safe.
     */
    public static final class Builder extends LocatorBuilder<Builder, CascadeFaceLocator> {
        private final Cascade cascade;
        private double scaleFactor = 1.1;
        private int minNeighbors = 5;

        private Builder(Cascade cascade) {
            this.cascade = Objects.requireNonNull(cascade, "cascade");
            options().workingSize(cascade.defaultWorkingSize());
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param factor how much the search window grows between scales (default 1.1; larger is faster and misses
         *        more)
         * @return this
         */
        public Builder scaleFactor(double factor) {
            checkArgument(factor > 1.0 && factor <= 2.0, "scale factor must be in (1, 2]: %s", factor);
            this.scaleFactor = factor;
            return this;
        }

        /**
         * @param neighbours how many overlapping raw detections a face needs to be kept (default 5; OpenCV's own
         *        default of 3 gives more false faces)
         * @return this
         */
        public Builder minNeighbors(int neighbours) {
            checkArgument(neighbours >= 0, "min neighbours must be >= 0: %s", neighbours);
            this.minNeighbors = neighbours;
            return this;
        }

        /**
         * @param longSide pixels of the longer side of the image the cascade scans (default
         *        {@link Cascade#defaultWorkingSize()}; frames are never enlarged); 0 scans the frame at full size
         * @return this
         */
        public Builder workingSize(int longSide) {
            options().workingSize(longSide);
            return this;
        }

        /**
         * @return the locator; close it
         * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the OpenCV native jar lacks the cascade
         */
        @Override
        public CascadeFaceLocator build() throws DeepfakeException {
            return new CascadeFaceLocator(this, options().build());
        }
    }
}
