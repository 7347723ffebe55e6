package dev.deepfake4j.explain;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.util.Arrays;
import java.util.Objects;

/**
 * A grid of values over one face crop saying which regions drove its score. Value {@code (col, row)} belongs to
 * the square of {@link #patch()} crop pixels whose top-left corner is {@code (col × stride, row × stride)};
 * squares overlap when the stride is smaller than the patch (draw each as the {@code stride}-sized tile at its
 * centre, see {@link #tileX(int)}).
 *
 * <p>For {@link #OCCLUSION} maps a value is the drop in P(fake) when that square is covered:
 * {@code baseline − P(fake | square covered)}, in [−1, 1]; positive where the region made the face look fake,
 * negative where it made it look real. A classifier's own map ({@link OwnMapClassifier}) uses its own method name
 * and scale (an attention weight in [0, 1], say). Immutable and thread-safe.
 */
public final class SensitivityMap {
    /** {@link #method()} of maps made by {@link OcclusionSensitivity}. */
    public static final String OCCLUSION = "occlusion";

    private final String method;
    private final int cropWidth;
    private final int cropHeight;
    private final int cols;
    private final int rows;
    private final int patch;
    private final int stride;
    private final float[] values;
    private final double baseline;
    private final int classifierCalls;
    private final double millis;

    /**
     * @param method how the map was made: {@link #OCCLUSION} or a model's own name for its map
     * @param cropWidth width of the crop the map covers, in pixels
     * @param cropHeight height of the crop, in pixels
     * @param cols values per row, at least 1
     * @param rows rows of values, at least 1
     * @param patch side of each value's square in crop pixels
     * @param stride distance between squares in crop pixels
     * @param values {@code cols × rows} values, row by row (copied)
     * @param baseline P(fake) of the crop as it was, or {@code NaN} when the method does not score it
     * @param classifierCalls crops the classifier scored to make the map (0 for a map a model returns with its
     *        score)
     * @param millis wall-clock time spent making the map, in milliseconds
     */
    public SensitivityMap(String method, int cropWidth, int cropHeight, int cols, int rows, int patch, int stride,
            float[] values, double baseline, int classifierCalls, double millis) {
        this.method = Objects.requireNonNull(method, "method");
        checkArgument(cropWidth >= 1 && cropHeight >= 1, "crop size must be positive: %sx%s", cropWidth, cropHeight);
        checkArgument(cols >= 1 && rows >= 1, "a map needs at least one cell: %sx%s", cols, rows);
        checkArgument(patch >= 1 && stride >= 1, "patch and stride must be positive: %s, %s", patch, stride);
        checkArgument(values.length == cols * rows, "a %sx%s map needs %s values, got %s", cols, rows, cols * rows,
                values.length);
        checkArgument(classifierCalls >= 0 && millis >= 0, "cost must not be negative: %s calls, %s ms",
                classifierCalls, millis);
        this.cropWidth = cropWidth;
        this.cropHeight = cropHeight;
        this.cols = cols;
        this.rows = rows;
        this.patch = patch;
        this.stride = stride;
        this.values = values.clone();
        this.baseline = baseline;
        this.classifierCalls = classifierCalls;
        this.millis = millis;
    }

    /** @return {@link #OCCLUSION} or the name a model gives its own map */
    public String method() {
        return method;
    }

    /** @return width of the crop the map covers, in pixels */
    public int cropWidth() {
        return cropWidth;
    }

    /** @return height of the crop the map covers, in pixels */
    public int cropHeight() {
        return cropHeight;
    }

    /** @return values per row */
    public int cols() {
        return cols;
    }

    /** @return rows of values */
    public int rows() {
        return rows;
    }

    /** @return side of each value's square, in crop pixels */
    public int patch() {
        return patch;
    }

    /** @return distance between neighbouring squares, in crop pixels */
    public int stride() {
        return stride;
    }

    /**
     * @param col 0..cols−1
     * @param row 0..rows−1
     * @return the value of that square
     */
    public float value(int col, int row) {
        checkArgument(col >= 0 && col < cols && row >= 0 && row < rows, "(%s, %s) is outside a %sx%s map", col, row,
                cols, rows);
        return values[row * cols + col];
    }

    /** @return a copy of the values, row by row */
    public float[] values() {
        return values.clone();
    }

    /** @return the largest value */
    public float max() {
        float m = values[0];
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** @return the smallest value */
    public float min() {
        float m = values[0];
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    /**
     * @param col 0..cols−1
     * @return left edge in crop pixels of the {@code stride}-wide tile that stands for the column when drawn:
     *         the middle of its square
     */
    public int tileX(int col) {
        return col * stride + (patch - Math.min(patch, stride)) / 2;
    }

    /**
     * @param row 0..rows−1
     * @return top edge in crop pixels of the tile that stands for the row when drawn
     */
    public int tileY(int row) {
        return row * stride + (patch - Math.min(patch, stride)) / 2;
    }

    /** @return side of a drawn tile in crop pixels: the smaller of patch and stride */
    public int tileSize() {
        return Math.min(patch, stride);
    }

    /** @return P(fake) of the crop as it was, or {@code NaN} when the method did not score it */
    public double baseline() {
        return baseline;
    }

    /** @return crops the classifier scored to make this map */
    public int classifierCalls() {
        return classifierCalls;
    }

    /** @return wall-clock time spent making the map, in milliseconds */
    public double millis() {
        return millis;
    }

    @Override
    public String toString() {
        return "SensitivityMap[" + method + " " + cols + "x" + rows + " over " + cropWidth + "x" + cropHeight
                + ", patch " + patch + ", stride " + stride + ", range " + min() + ".." + max() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SensitivityMap m && method.equals(m.method) && cropWidth == m.cropWidth
                && cropHeight == m.cropHeight && cols == m.cols && rows == m.rows && patch == m.patch
                && stride == m.stride && Arrays.equals(values, m.values)
                && Double.compare(baseline, m.baseline) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, cols, rows, patch, stride, Arrays.hashCode(values));
    }
}
