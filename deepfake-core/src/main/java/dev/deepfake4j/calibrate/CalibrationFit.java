package dev.deepfake4j.calibrate;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.metrics.Metrics;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses a calibration map by k-fold cross-validated log loss and fits it on all the labelled scores.
 *
 * <p>Candidates, in order of preference on a tie: {@code temperature} and {@code platt}
 * ({@link PlattCalibration}), {@code isotonic} ({@link IsotonicCalibration}). Folds: k = min(5, n), so up to 5
 * videos it is leave-one-out; the videos are sorted by label, then raw score, then position, and the i-th of that
 * order goes to fold {@code i mod k} — deterministic, and each fold gets its share of each label. Each candidate
 * is fitted on k − 1 folds and predicts the held-out one; its cross-validated log loss is
 * {@link Metrics#logLoss} over all n held-out predictions. The raw scores' log loss is over the same n videos with
 * no map. The chosen map is the candidate with the lowest cross-validated log loss, refitted on all n videos; it
 * {@link #helps()} only when that loss is below the raw one. Stateless and thread-safe.
 *
 * @param best the winning candidate fitted on all videos
 * @param folds k
 * @param cvLogLoss {@code "raw"} and each candidate's method → cross-validated log loss, in the order above
 */
public record CalibrationFit(Calibration best, int folds, Map<String, Double> cvLogLoss) {
    /** The most folds: k = min({@value}, n). */
    public static final int MAX_FOLDS = 5;

    /** Checks and copies. */
    public CalibrationFit {
        Objects.requireNonNull(best, "best");
        checkArgument(cvLogLoss.containsKey("raw") && cvLogLoss.containsKey(best.method()),
                "cvLogLoss must name raw and %s: %s", best.method(), cvLogLoss);
        cvLogLoss = Collections.unmodifiableMap(new LinkedHashMap<>(cvLogLoss));
    }

    /**
     * @param rawPFake the detector's raw video scores, in [0, 1]; at least 2
     * @param isFake their labels, true for FAKE
     * @param epsilon the maps' output clipping, in [0, 0.5) (use the detector's, default 0.01)
     * @return the chosen map and every cross-validated log loss
     */
    public static CalibrationFit fit(double[] rawPFake, boolean[] isFake, double epsilon) {
        CalibrationMath.checkData(rawPFake, isFake);
        CalibrationMath.checkEpsilon(epsilon);
        int n = rawPFake.length;
        checkArgument(n >= 2, "cross-validation needs at least 2 labelled videos: %s", n);
        int k = Math.min(MAX_FOLDS, n);
        int[] fold = folds(rawPFake, isFake, k);
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("raw", Metrics.logLoss(isFake, rawPFake));
        for (String method : List.of("temperature", "platt", "isotonic")) {
            double[] held = new double[n];
            for (int f = 0; f < k; f++) {
                int size = 0;
                for (int v : fold) {
                    size += v == f ? 0 : 1;
                }
                double[] trainP = new double[size];
                boolean[] trainY = new boolean[size];
                for (int i = 0, j = 0; i < n; i++) {
                    if (fold[i] != f) {
                        trainP[j] = rawPFake[i];
                        trainY[j++] = isFake[i];
                    }
                }
                Calibration map = fitOne(method, trainP, trainY, epsilon);
                for (int i = 0; i < n; i++) {
                    if (fold[i] == f) {
                        held[i] = map.apply(rawPFake[i]);
                    }
                }
            }
            losses.put(method, Metrics.logLoss(isFake, held));
        }
        String winner = "temperature";
        for (String method : List.of("platt", "isotonic")) {
            if (losses.get(method) < losses.get(winner)) {
                winner = method;
            }
        }
        return new CalibrationFit(fitOne(winner, rawPFake, isFake, epsilon), k, losses);
    }

    /**
     * The deterministic fold assignment described in the class notes.
     *
     * @param rawPFake the raw scores
     * @param isFake their labels
     * @param k folds, 1..n
     * @return each video's fold, 0..k−1
     */
    public static int[] folds(double[] rawPFake, boolean[] isFake, int k) {
        checkArgument(rawPFake.length == isFake.length, "%s scores but %s labels", rawPFake.length, isFake.length);
        checkArgument(k >= 1 && k <= rawPFake.length, "folds must be in 1..%s: %s", rawPFake.length, k);
        Integer[] order = new Integer[rawPFake.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> isFake[i] ? 1 : 0)
                .thenComparingDouble(i -> rawPFake[i]).thenComparingInt(i -> i));
        int[] fold = new int[order.length];
        for (int r = 0; r < order.length; r++) {
            fold[order[r]] = r % k;
        }
        return fold;
    }

    private static Calibration fitOne(String method, double[] p, boolean[] y, double epsilon) {
        return switch (method) {
            case "temperature" -> PlattCalibration.fitTemperature(p, y, epsilon);
            case "platt" -> PlattCalibration.fit(p, y, epsilon);
            case "isotonic" -> IsotonicCalibration.fit(p, y, epsilon);
            default -> throw new IllegalArgumentException("unknown calibration method: " + method);
        };
    }

    /** @return the raw scores' log loss (no map) */
    public double rawLogLoss() {
        return cvLogLoss.get("raw");
    }

    /** @return the winning candidate's cross-validated log loss */
    public double bestLogLoss() {
        return cvLogLoss.get(best.method());
    }

    /** @return whether the winner's cross-validated log loss is below the raw one: only then is it worth using */
    public boolean helps() {
        return bestLogLoss() < rawLogLoss();
    }
}
