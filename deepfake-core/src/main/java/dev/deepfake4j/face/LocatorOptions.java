package dev.deepfake4j.face;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The options that face locators share: the working size the frame is scaled to, the score and non-maximum
 * suppression thresholds, the smallest face kept and how many faces are kept, and the two steps every locator
 * applies with them ({@link #isLargeEnough} and {@link #best}). A {@link FaceLocator} implementation's builder
 * extends {@link LocatorBuilder} (or {@link ScoredLocatorBuilder}), which holds a {@link Builder} that the subclass
 * presets to its own defaults, so every locator checks these options the same way; a locator uses only the options
 * that apply to it (a cascade has no score). Immutable and thread-safe.
 */
public final class LocatorOptions {
    /** Longest working size accepted, in pixels: larger than any frame a decoder delivers by default. */
    private static final int MAX_WORKING_SIZE = 8192;

    private final int workingSize;
    private final double scoreThreshold;
    private final double nmsThreshold;
    private final double minFaceSize;
    private final int maxFaces;

    private LocatorOptions(Builder b) {
        this.workingSize = b.workingSize;
        this.scoreThreshold = b.scoreThreshold;
        this.nmsThreshold = b.nmsThreshold;
        this.minFaceSize = b.minFaceSize;
        this.maxFaces = b.maxFaces;
    }

    /**
     * A builder preset to: working size 640 pixels, score threshold 0.5, NMS IoU 0.3, no minimum face size, no
     * limit on the number of faces. Locators replace the presets that their model wants otherwise.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder preset to these options */
    public Builder toBuilder() {
        return new Builder()
                .workingSize(workingSize)
                .scoreThreshold(scoreThreshold)
                .nmsThreshold(nmsThreshold)
                .minFaceSize(minFaceSize)
                .maxFaces(maxFaces);
    }

    /** @return pixels of the longer side of the image the network sees; 0 means the frame at full size */
    public int workingSize() {
        return workingSize;
    }

    /** @return the face score a candidate needs, in [0, 1] (each locator says whether equal is enough) */
    public double scoreThreshold() {
        return scoreThreshold;
    }

    /** @return the intersection over union above which a weaker overlapping box is suppressed, in (0, 1] */
    public double nmsThreshold() {
        return nmsThreshold;
    }

    /** @return the smallest width and height of a kept face, in the frame's pixels; 0 keeps all */
    public double minFaceSize() {
        return minFaceSize;
    }

    /** @return the most faces kept per frame, the best ones; 0 keeps all */
    public int maxFaces() {
        return maxFaces;
    }

    /**
     * @param width a face's width in the frame's pixels
     * @param height its height in the frame's pixels
     * @return whether neither side is below {@link #minFaceSize()}
     */
    public boolean isLargeEnough(double width, double height) {
        return Math.min(width, height) >= minFaceSize;
    }

    /**
     * @param face a face in the frame's pixels
     * @return whether neither side of its box is below {@link #minFaceSize()}
     */
    public boolean isLargeEnough(FaceBox face) {
        return isLargeEnough(face.width(), face.height());
    }

    /**
     * The faces to return, highest score first: at most {@link #maxFaces()} of them.
     *
     * @param faces the faces found (not modified)
     * @return a new list, sorted by descending score (ties keep their order), cut to {@link #maxFaces()}
     */
    public List<FaceBox> best(List<FaceBox> faces) {
        return best(faces, Comparator.comparingDouble(FaceBox::score).reversed());
    }

    /**
     * The faces to return, best first by the given order: at most {@link #maxFaces()} of them.
     *
     * @param faces the faces found (not modified)
     * @param better orders better faces first (e.g. larger first, for a locator whose scores say nothing)
     * @return a new list, sorted by {@code better} (ties keep their order), cut to {@link #maxFaces()}
     */
    public List<FaceBox> best(List<FaceBox> faces, Comparator<FaceBox> better) {
        List<FaceBox> sorted = new ArrayList<>(faces);
        sorted.sort(better);
        return maxFaces > 0 && sorted.size() > maxFaces ? new ArrayList<>(sorted.subList(0, maxFaces)) : sorted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocatorOptions other
                && workingSize == other.workingSize
                && Double.compare(scoreThreshold, other.scoreThreshold) == 0
                && Double.compare(nmsThreshold, other.nmsThreshold) == 0
                && Double.compare(minFaceSize, other.minFaceSize) == 0
                && maxFaces == other.maxFaces;
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(workingSize);
        h = 31 * h + Double.hashCode(scoreThreshold);
        h = 31 * h + Double.hashCode(nmsThreshold);
        h = 31 * h + Double.hashCode(minFaceSize);
        return 31 * h + Integer.hashCode(maxFaces);
    }

    @Override
    public String toString() {
        return "LocatorOptions[working size " + workingSize + " px, score " + scoreThreshold + ", NMS "
                + nmsThreshold + ", min face " + minFaceSize + " px, max faces " + maxFaces + "]";
    }

    /** Builds {@link LocatorOptions}; each setter checks its argument at once and names a bad value. Not thread-safe. */
    public static final class Builder {
        private int workingSize = 640;
        private double scoreThreshold = 0.5;
        private double nmsThreshold = 0.3;
        private double minFaceSize;
        private int maxFaces;

        private Builder() {
        }

        /**
         * @param longSide pixels of the longer side of the image the network sees, in 0..8192; 0 runs on the frame
         *        at full size
         * @return this
         */
        public Builder workingSize(int longSide) {
            checkArgument(longSide >= 0 && longSide <= MAX_WORKING_SIZE, "working size must be in 0..%s pixels: %s",
                    MAX_WORKING_SIZE, longSide);
            this.workingSize = longSide;
            return this;
        }

        /**
         * @param threshold the face score a candidate needs, in [0, 1]
         * @return this
         */
        public Builder scoreThreshold(double threshold) {
            checkArgument(threshold >= 0 && threshold <= 1, "score threshold must be in [0, 1]: %s", threshold);
            this.scoreThreshold = threshold;
            return this;
        }

        /**
         * @param iou weaker boxes overlapping a better one by more than this intersection over union are suppressed;
         *        in (0, 1]
         * @return this
         */
        public Builder nmsThreshold(double iou) {
            checkArgument(iou > 0 && iou <= 1, "NMS IoU threshold must be in (0, 1]: %s", iou);
            this.nmsThreshold = iou;
            return this;
        }

        /**
         * @param pixels faces narrower or shorter than this, in the frame's pixels, are dropped; 0 keeps all
         * @return this
         */
        public Builder minFaceSize(double pixels) {
            checkArgument(pixels >= 0 && Double.isFinite(pixels), "minimum face size must be >= 0 pixels: %s",
                    pixels);
            this.minFaceSize = pixels;
            return this;
        }

        /**
         * @param maxFaces keep at most this many faces, the best ones; 0 keeps all
         * @return this
         */
        public Builder maxFaces(int maxFaces) {
            checkArgument(maxFaces >= 0, "max faces must be >= 0: %s", maxFaces);
            this.maxFaces = maxFaces;
            return this;
        }

        /** @return the options; the builder stays usable and later changes do not reach them */
        public LocatorOptions build() {
            return new LocatorOptions(this);
        }
    }
}
