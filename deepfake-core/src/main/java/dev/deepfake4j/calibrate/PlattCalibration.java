package dev.deepfake4j.calibrate;

import static dev.deepfake4j.internal.Checks.checkArgument;

/**
 * Platt scaling on the logit of the raw score: {@code p' = σ(slope · logit(p) + intercept)}, clipped to
 * [ε, 1 − ε]. With {@code intercept = 0} and {@code interceptFree} it is temperature scaling (slope = 1/T).
 * The raw score is kept in [1e-6, 1 − 1e-6] before its logit is taken. Immutable and thread-safe.
 *
 * <p><b>Fitting.</b> {@link #fit} minimises the cross-entropy against Platt's (1999) smoothed targets,
 * {@code (N₊ + 1)/(N₊ + 2)} for fakes and {@code 1/(N₋ + 2)} for reals, plus a small Gaussian prior
 * {@code λ/2 · ((slope − 1)² + intercept²)} with {@value #PRIOR} for λ, by Newton's method with a backtracking
 * line search. The smoothed targets keep the optimum finite when the labelled scores are separable (they usually
 * are with a handful of videos), and the prior, centred on the identity map, keeps the problem well posed when
 * all raw scores are equal.
 *
 * @param slope multiplies the raw logit (1/T for temperature scaling; 1 is the identity)
 * @param intercept added to the scaled logit (0 for temperature scaling)
 * @param epsilon outputs are clipped to [ε, 1 − ε], in [0, 0.5)
 * @param interceptFree whether the map was fitted as temperature scaling (intercept fixed at 0)
 */
public record PlattCalibration(double slope, double intercept, double epsilon, boolean interceptFree)
        implements Calibration {
    /** λ of the Gaussian prior on (slope − 1, intercept): one hundredth of one labelled video's weight. */
    public static final double PRIOR = 0.01;

    private static final int MAX_ITERATIONS = 100;

    /** Checks the parameters. */
    public PlattCalibration {
        checkArgument(Double.isFinite(slope) && Double.isFinite(intercept), "Platt parameters must be finite: %s, %s",
                slope, intercept);
        checkArgument(!interceptFree || intercept == 0, "temperature scaling has no intercept: %s", intercept);
        CalibrationMath.checkEpsilon(epsilon);
    }

    @Override
    public double apply(double rawPFake) {
        checkArgument(rawPFake >= 0 && rawPFake <= 1, "raw score must be a probability in [0, 1]: %s", rawPFake);
        return CalibrationMath.clip(CalibrationMath.sigmoid(slope * CalibrationMath.logit(rawPFake) + intercept),
                epsilon);
    }

    @Override
    public String method() {
        return interceptFree ? "temperature" : "platt";
    }

    /**
     * Fits slope and intercept (see the class notes).
     *
     * @param rawPFake the detector's raw scores, in [0, 1]
     * @param isFake their labels, true for FAKE
     * @param epsilon the fitted map's output clipping, in [0, 0.5)
     * @return the fitted map
     */
    public static PlattCalibration fit(double[] rawPFake, boolean[] isFake, double epsilon) {
        return fit(rawPFake, isFake, epsilon, false);
    }

    /**
     * Fits temperature scaling: the slope only, intercept 0 (see the class notes).
     *
     * @param rawPFake the detector's raw scores, in [0, 1]
     * @param isFake their labels, true for FAKE
     * @param epsilon the fitted map's output clipping, in [0, 0.5)
     * @return the fitted map, {@link #interceptFree()}
     */
    public static PlattCalibration fitTemperature(double[] rawPFake, boolean[] isFake, double epsilon) {
        return fit(rawPFake, isFake, epsilon, true);
    }

    private static PlattCalibration fit(double[] rawPFake, boolean[] isFake, double epsilon, boolean temperature) {
        CalibrationMath.checkData(rawPFake, isFake);
        CalibrationMath.checkEpsilon(epsilon);
        int n = rawPFake.length;
        int fakes = 0;
        for (boolean f : isFake) {
            fakes += f ? 1 : 0;
        }
        double tFake = (fakes + 1.0) / (fakes + 2.0);
        double tReal = 1.0 / (n - fakes + 2.0);
        double[] z = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = CalibrationMath.logit(rawPFake[i]);
            t[i] = isFake[i] ? tFake : tReal;
        }
        double a = 1;
        double b = 0;
        double current = objective(z, t, a, b);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double ga = PRIOR * (a - 1);
            double gb = PRIOR * b;
            double haa = PRIOR;
            double hab = 0;
            double hbb = PRIOR;
            for (int i = 0; i < n; i++) {
                double s = CalibrationMath.sigmoid(a * z[i] + b);
                double w = s * (1 - s);
                ga += (s - t[i]) * z[i];
                gb += s - t[i];
                haa += w * z[i] * z[i];
                hab += w * z[i];
                hbb += w;
            }
            double da;
            double db;
            if (temperature) {
                da = ga / haa;
                db = 0;
            } else {
                double det = haa * hbb - hab * hab;
                da = (hbb * ga - hab * gb) / det;
                db = (haa * gb - hab * ga) / det;
            }
            double step = 1;
            double next = objective(z, t, a - da, b - db);
            while (next > current && step > 1e-10) { // backtracking: the full Newton step can overshoot
                step /= 2;
                next = objective(z, t, a - step * da, b - step * db);
            }
            if (next > current) {
                break;
            }
            a -= step * da;
            b -= step * db;
            boolean converged = current - next < 1e-14 * Math.max(1, Math.abs(current))
                    && Math.abs(step * da) < 1e-10 && Math.abs(step * db) < 1e-10;
            current = next;
            if (converged) {
                break;
            }
        }
        return new PlattCalibration(a, b, epsilon, temperature);
    }

    /** Cross-entropy against the targets plus the prior: Σ [log(1 + e^u) − t·u] + λ/2((a − 1)² + b²). */
    static double objective(double[] z, double[] t, double a, double b) {
        double sum = PRIOR / 2 * ((a - 1) * (a - 1) + b * b);
        for (int i = 0; i < z.length; i++) {
            double u = a * z[i] + b;
            sum += CalibrationMath.softplus(u) - t[i] * u;
        }
        return sum;
    }
}
