package dev.deepfake4j.calibrate;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Isotonic regression of the label on the raw score: a non-decreasing step function found by
 * pool-adjacent-violators, turned into a piecewise-linear map through one knot per block (the mean raw score of the
 * block's videos, the fraction of fakes among them), constant beyond the first and last knots, and clipped to
 * [ε, 1 − ε]. Immutable and thread-safe.
 */
public final class IsotonicCalibration implements Calibration {
    private final double[] knotX;
    private final double[] knotY;
    private final double epsilon;

    /**
     * @param knotX the knots' raw scores, strictly increasing, in [0, 1], at least one
     * @param knotY the knots' calibrated values, non-decreasing, in [0, 1], as many as {@code knotX}
     * @param epsilon outputs are clipped to [ε, 1 − ε], in [0, 0.5)
     */
    public IsotonicCalibration(double[] knotX, double[] knotY, double epsilon) {
        checkArgument(knotX.length == knotY.length, "%s knot positions but %s values", knotX.length, knotY.length);
        checkArgument(knotX.length > 0, "an isotonic map needs at least one knot");
        for (int i = 0; i < knotX.length; i++) {
            checkArgument(knotX[i] >= 0 && knotX[i] <= 1 && knotY[i] >= 0 && knotY[i] <= 1,
                    "knot %s is not in [0, 1]²: (%s, %s)", i, knotX[i], knotY[i]);
            checkArgument(i == 0 || (knotX[i] > knotX[i - 1] && knotY[i] >= knotY[i - 1]),
                    "knots must increase strictly in x and not decrease in y: knot %s (%s, %s) after (%s, %s)", i,
                    knotX[i], knotY[i], i == 0 ? null : knotX[i - 1], i == 0 ? null : knotY[i - 1]);
        }
        CalibrationMath.checkEpsilon(epsilon);
        this.knotX = knotX.clone();
        this.knotY = knotY.clone();
        this.epsilon = epsilon;
    }

    /**
     * Fits by pool-adjacent-violators: videos sorted by raw score (equal scores pooled first), adjacent blocks
     * merged while a block's fraction of fakes is not below the next one's.
     *
     * @param rawPFake the detector's raw scores, in [0, 1]
     * @param isFake their labels, true for FAKE
     * @param epsilon the fitted map's output clipping, in [0, 0.5)
     * @return the fitted map
     */
    public static IsotonicCalibration fit(double[] rawPFake, boolean[] isFake, double epsilon) {
        CalibrationMath.checkData(rawPFake, isFake);
        Integer[] order = new Integer[rawPFake.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> rawPFake[i]));
        List<double[]> blocks = new ArrayList<>(); // {sum of x, sum of y, count}
        int k = 0;
        while (k < order.length) {
            double x = rawPFake[order[k]];
            double[] block = {0, 0, 0};
            for (; k < order.length && rawPFake[order[k]] == x; k++) { // equal scores are one point
                block[0] += x;
                block[1] += isFake[order[k]] ? 1 : 0;
                block[2]++;
            }
            blocks.add(block);
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1);
                double[] before = blocks.get(blocks.size() - 2);
                if (before[1] / before[2] < last[1] / last[2]) {
                    break;
                }
                blocks.remove(blocks.size() - 1);
                before[0] += last[0];
                before[1] += last[1];
                before[2] += last[2];
            }
        }
        double[] x = new double[blocks.size()];
        double[] y = new double[blocks.size()];
        for (int b = 0; b < x.length; b++) {
            x[b] = blocks.get(b)[0] / blocks.get(b)[2];
            y[b] = blocks.get(b)[1] / blocks.get(b)[2];
        }
        return new IsotonicCalibration(x, y, epsilon);
    }

    @Override
    public double apply(double rawPFake) {
        checkArgument(rawPFake >= 0 && rawPFake <= 1, "raw score must be a probability in [0, 1]: %s", rawPFake);
        int n = knotX.length;
        double y;
        if (rawPFake <= knotX[0]) {
            y = knotY[0];
        } else if (rawPFake >= knotX[n - 1]) {
            y = knotY[n - 1];
        } else {
            int hi = Arrays.binarySearch(knotX, rawPFake);
            if (hi >= 0) {
                y = knotY[hi];
            } else {
                hi = -hi - 1;
                int lo = hi - 1;
                double w = (rawPFake - knotX[lo]) / (knotX[hi] - knotX[lo]);
                y = knotY[lo] + w * (knotY[hi] - knotY[lo]);
            }
        }
        return CalibrationMath.clip(y, epsilon);
    }

    @Override
    public String method() {
        return "isotonic";
    }

    /** @return the knots' raw scores, increasing (a copy) */
    public double[] knotX() {
        return knotX.clone();
    }

    /** @return the knots' calibrated values before clipping, non-decreasing (a copy) */
    public double[] knotY() {
        return knotY.clone();
    }

    /** @return the output clipping ε */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IsotonicCalibration other && Arrays.equals(knotX, other.knotX)
                && Arrays.equals(knotY, other.knotY) && epsilon == other.epsilon;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(knotX) + Arrays.hashCode(knotY)) + Double.hashCode(epsilon);
    }

    @Override
    public String toString() {
        return "isotonic(" + knotX.length + " knots, x=" + Arrays.toString(knotX) + ", y=" + Arrays.toString(knotY)
                + ", ε=" + epsilon + ")";
    }
}
