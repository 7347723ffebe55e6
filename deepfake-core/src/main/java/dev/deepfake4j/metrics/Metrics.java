package dev.deepfake4j.metrics;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Scores of a set of predictions against labels. Labels are {@code true} for FAKE (the positive class), and
 * predictions are probabilities of fake. Stateless and thread-safe.
 */
public final class Metrics {
    /** The clipping of the Kaggle DFDC evaluation (scikit-learn's {@code log_loss} default): 1e-15. */
    public static final double DFDC_LOG_LOSS_EPSILON = 1e-15;

    private Metrics() {
    }

    /**
     * Binary log loss as the DFDC defined it: {@code -1/n Σ [y log(p) + (1 - y) log(1 - p)]}, natural log, with
     * each p first clipped to {@code [1e-15, 1 - 1e-15]}.
     *
     * @param isFake labels, true for FAKE
     * @param pFake predicted probabilities of fake
     * @return the mean log loss (lower is better; 0.6931 for always predicting 0.5)
     */
    public static double logLoss(boolean[] isFake, double[] pFake) {
        return logLoss(isFake, pFake, DFDC_LOG_LOSS_EPSILON);
    }

    /**
     * @param isFake labels, true for FAKE
     * @param pFake predicted probabilities of fake
     * @param epsilon predictions are clipped to {@code [epsilon, 1 - epsilon]} first
     * @return the mean log loss
     */
    public static double logLoss(boolean[] isFake, double[] pFake, double epsilon) {
        check(isFake, pFake);
        checkArgument(epsilon > 0 && epsilon < 0.5, "epsilon must be in (0, 0.5): %s", epsilon);
        double sum = 0;
        for (int i = 0; i < pFake.length; i++) {
            double p = Math.max(epsilon, Math.min(1 - epsilon, pFake[i]));
            sum += isFake[i] ? Math.log(p) : Math.log(1 - p);
        }
        return -sum / pFake.length;
    }

    /**
     * Area under the ROC curve: the probability that a random FAKE scores above a random REAL, ties counting half
     * (the Mann–Whitney U statistic with average ranks).
     *
     * @param isFake labels, true for FAKE
     * @param pFake predicted probabilities of fake
     * @return AUC in [0, 1], or NaN when only one class is present
     */
    public static double rocAuc(boolean[] isFake, double[] pFake) {
        check(isFake, pFake);
        int n = pFake.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> pFake[i]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && pFake[order[j + 1]] == pFake[order[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (isFake[order[k]]) {
                    rankSumPositive += avgRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * @param isFake labels, true for FAKE
     * @param pFake predicted probabilities of fake
     * @param threshold a prediction above it counts as FAKE (0.5 at 0.5 is REAL: no evidence is not an accusation)
     * @return the fraction of videos labelled correctly
     */
    public static double accuracy(boolean[] isFake, double[] pFake, double threshold) {
        check(isFake, pFake);
        int correct = 0;
        for (int i = 0; i < pFake.length; i++) {
            if ((pFake[i] > threshold) == isFake[i]) {
                correct++;
            }
        }
        return (double) correct / pFake.length;
    }

    /**
     * @param isFake labels, true for FAKE
     * @param pFake predicted probabilities of fake
     * @return the Brier score: the mean squared difference between prediction and label (0 or 1)
     */
    public static double brier(boolean[] isFake, double[] pFake) {
        check(isFake, pFake);
        double sum = 0;
        for (int i = 0; i < pFake.length; i++) {
            double d = pFake[i] - (isFake[i] ? 1 : 0);
            sum += d * d;
        }
        return sum / pFake.length;
    }

    private static void check(boolean[] isFake, double[] pFake) {
        checkArgument(isFake.length == pFake.length, "%s labels but %s predictions", isFake.length, pFake.length);
        checkArgument(pFake.length > 0, "no predictions to score");
        for (double p : pFake) {
            checkArgument(p >= 0 && p <= 1, "predictions must be probabilities in [0, 1]: %s", p);
        }
    }
}
