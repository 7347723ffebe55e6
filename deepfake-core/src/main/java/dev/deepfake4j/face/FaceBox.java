package dev.deepfake4j.face;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.util.Arrays;

/**
 * A face found in an image: an axis-aligned box in pixels (x to the right, y down, corners {@code (x1, y1)} and
 * {@code (x2, y2)} with {@code x1 <= x2}, {@code y1 <= y2}), the locator's confidence, and landmarks when the model
 * gives them. Immutable and thread-safe.
 */
public final class FaceBox {
    private final double x1;
    private final double y1;
    private final double x2;
    private final double y2;
    private final double score;
    private final float[] landmarks;

    /**
     * @param x1 left edge in pixels
     * @param y1 top edge in pixels
     * @param x2 right edge in pixels
     * @param y2 bottom edge in pixels
     * @param score locator confidence in [0, 1]
     * @param landmarks landmark coordinates as x,y pairs in pixels (e.g. YuNet's 5: eyes, nose, mouth corners), or
     *        an empty array; copied
     */
    public FaceBox(double x1, double y1, double x2, double y2, double score, float[] landmarks) {
        checkArgument(Double.isFinite(x1) && Double.isFinite(y1) && Double.isFinite(x2) && Double.isFinite(y2),
                "box coordinates must be finite: %s,%s,%s,%s", x1, y1, x2, y2);
        checkArgument(x2 >= x1 && y2 >= y1, "box corners out of order: (%s,%s)-(%s,%s)", x1, y1, x2, y2);
        checkArgument(landmarks.length % 2 == 0, "landmarks come in x,y pairs: %s values", landmarks.length);
        this.x1 = x1;
        this.y1 = y1;
        this.x2 = x2;
        this.y2 = y2;
        this.score = score;
        this.landmarks = landmarks.clone();
    }

    /**
     * A box without landmarks.
     *
     * @param x1 left edge in pixels
     * @param y1 top edge in pixels
     * @param x2 right edge in pixels
     * @param y2 bottom edge in pixels
     * @param score locator confidence in [0, 1]
     * @return the box
     */
    public static FaceBox of(double x1, double y1, double x2, double y2, double score) {
        return new FaceBox(x1, y1, x2, y2, score, new float[0]);
    }

    /** @return left edge in pixels */
    public double x1() {
        return x1;
    }

    /** @return top edge in pixels */
    public double y1() {
        return y1;
    }

    /** @return right edge in pixels */
    public double x2() {
        return x2;
    }

    /** @return bottom edge in pixels */
    public double y2() {
        return y2;
    }

    /** @return the locator's confidence in [0, 1] */
    public double score() {
        return score;
    }

    /** @return a copy of the landmarks as x,y pairs in pixels; empty when the locator gives none */
    public float[] landmarks() {
        return landmarks.clone();
    }

    /** @return width in pixels */
    public double width() {
        return x2 - x1;
    }

    /** @return height in pixels */
    public double height() {
        return y2 - y1;
    }

    /** @return area in square pixels */
    public double area() {
        return width() * height();
    }

    /** @return x of the centre in pixels */
    public double centerX() {
        return (x1 + x2) / 2;
    }

    /** @return y of the centre in pixels */
    public double centerY() {
        return (y1 + y2) / 2;
    }

    /**
     * @param other another box in the same image
     * @return intersection over union in [0, 1]; 0 when both are empty
     */
    public double iou(FaceBox other) {
        double iw = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double ih = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /**
     * Maps the box (and landmarks) from one image size to another, e.g. from a frame scaled for detection back
     * to the original frame.
     *
     * @param sx factor applied to x coordinates
     * @param sy factor applied to y coordinates
     * @return the scaled box
     */
    public FaceBox scaled(double sx, double sy) {
        float[] lm = landmarks.clone();
        for (int i = 0; i < lm.length; i += 2) {
            lm[i] *= (float) sx;
            lm[i + 1] *= (float) sy;
        }
        return new FaceBox(x1 * sx, y1 * sy, x2 * sx, y2 * sy, score, lm);
    }

    /**
     * @param dx pixels added to x coordinates
     * @param dy pixels added to y coordinates
     * @return the box and its landmarks moved by {@code (dx, dy)}: from a region's pixels to its frame's
     */
    public FaceBox translated(double dx, double dy) {
        float[] lm = landmarks.clone();
        for (int i = 0; i < lm.length; i += 2) {
            lm[i] += (float) dx;
            lm[i + 1] += (float) dy;
        }
        return new FaceBox(x1 + dx, y1 + dy, x2 + dx, y2 + dy, score, lm);
    }

    /**
     * @param width image width in pixels
     * @param height image height in pixels
     * @return the box clipped to the image (landmarks unchanged)
     */
    public FaceBox clippedTo(int width, int height) {
        double nx1 = clamp(x1, width);
        double ny1 = clamp(y1, height);
        return new FaceBox(nx1, ny1, Math.max(nx1, clamp(x2, width)), Math.max(ny1, clamp(y2, height)), score, landmarks);
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceBox b && b.x1 == x1 && b.y1 == y1 && b.x2 == x2 && b.y2 == y2 && b.score == score
                && Arrays.equals(b.landmarks, landmarks);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {x1, y1, x2, y2, score}) * 31 + Arrays.hashCode(landmarks);
    }

    @Override
    public String toString() {
        return String.format("FaceBox[%.1f %.1f %.1f %.1f score=%.3f%s]", x1, y1, x2, y2, score,
                landmarks.length > 0 ? " " + landmarks.length / 2 + " landmarks" : "");
    }
}
