package dev.deepfake4j.cli.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The numbers behind the report's charts, from labels and predicted P(fake): the ROC curve with its area, the
 * reliability bins, and each video's share of the log loss. Stateless.
 */
final class Curves {
    private Curves() {
    }

    /** One ROC point: false-positive rate (REAL called FAKE) and true-positive rate (FAKE called FAKE), in [0, 1]. */
    record Point(double fpr, double tpr) {
    }

    /**
     * One reliability bin over predicted P(fake) in {@code [lower, upper)} (the last bin includes 1).
     *
     * @param count videos whose prediction fell in the bin
     * @param meanPredicted their mean P(fake), NaN when empty
     * @param fractionFake the fraction of them that are FAKE, NaN when empty
     */
    record Bin(double lower, double upper, int count, double meanPredicted, double fractionFake) {
    }

    /**
     * The ROC curve: thresholds from above the highest score down to below the lowest; videos with equal scores
     * move together (a diagonal step), so the trapezoid area equals the Mann–Whitney AUC with ties counted half.
     *
     * @param isFake labels; both classes must occur
     * @param pFake predictions, same length
     * @return points from (0, 0) to (1, 1), one per distinct score plus the origin
     */
    static List<Point> roc(boolean[] isFake, double[] pFake) {
        check(isFake, pFake);
        int positives = 0;
        for (boolean f : isFake) {
            positives += f ? 1 : 0;
        }
        int negatives = isFake.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("a ROC curve needs FAKE and REAL videos: " + positives + " FAKE, "
                    + negatives + " REAL");
        }
        Integer[] order = new Integer[pFake.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> pFake[i]).reversed());
        List<Point> points = new ArrayList<>();
        points.add(new Point(0, 0));
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < order.length;) {
            int j = i;
            while (j < order.length && pFake[order[j]] == pFake[order[i]]) {
                if (isFake[order[j]]) {
                    tp++;
                } else {
                    fp++;
                }
                j++;
            }
            points.add(new Point((double) fp / negatives, (double) tp / positives));
            i = j;
        }
        return points;
    }

    /** @return the area under the points by the trapezoid rule */
    static double area(List<Point> points) {
        double a = 0;
        for (int i = 1; i < points.size(); i++) {
            Point p = points.get(i - 1);
            Point q = points.get(i);
            a += (q.fpr() - p.fpr()) * (q.tpr() + p.tpr()) / 2;
        }
        return a;
    }

    /**
     * @param isFake labels
     * @param pFake predictions in [0, 1]
     * @param bins number of equal-width bins over [0, 1], at least 1
     * @return the bins in order, empty ones included
     */
    static List<Bin> reliability(boolean[] isFake, double[] pFake, int bins) {
        check(isFake, pFake);
        if (bins < 1) {
            throw new IllegalArgumentException("at least one bin is needed: " + bins);
        }
        int[] count = new int[bins];
        double[] sumP = new double[bins];
        int[] fakes = new int[bins];
        for (int i = 0; i < pFake.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(pFake[i] * bins)));
            count[b]++;
            sumP[b] += pFake[i];
            fakes[b] += isFake[i] ? 1 : 0;
        }
        List<Bin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(new Bin((double) b / bins, (double) (b + 1) / bins, count[b],
                    count[b] == 0 ? Double.NaN : sumP[b] / count[b],
                    count[b] == 0 ? Double.NaN : (double) fakes[b] / count[b]));
        }
        return out;
    }

    /**
     * One video's log loss, clipped as the DFDC evaluation clips ({@code 1e-15}): its mean over the videos is the
     * log loss of the set.
     *
     * @param isFake the video's label
     * @param pFake its prediction
     * @return {@code −ln p} for a FAKE video, {@code −ln(1 − p)} for a REAL one
     */
    static double logLoss(boolean isFake, double pFake) {
        double p = Math.max(1e-15, Math.min(1 - 1e-15, pFake));
        return -Math.log(isFake ? p : 1 - p);
    }

    private static void check(boolean[] isFake, double[] pFake) {
        if (isFake.length != pFake.length || isFake.length == 0) {
            throw new IllegalArgumentException("need as many labels as predictions, at least one: " + isFake.length
                    + " labels, " + pFake.length + " predictions");
        }
    }
}
