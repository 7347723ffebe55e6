package dev.deepfake4j.calibrate;

import static dev.deepfake4j.internal.Checks.checkArgument;

/** Shared arithmetic of the calibration maps. */
final class CalibrationMath {
    /** Raw scores are kept this far from 0 and 1 before their logit is taken, so that 0 and 1 stay finite. */
    static final double LOGIT_FLOOR = 1e-6;

    private CalibrationMath() {
    }

    static double logit(double p) {
        double q = Math.max(LOGIT_FLOOR, Math.min(1 - LOGIT_FLOOR, p));
        return Math.log(q / (1 - q));
    }

    static double sigmoid(double u) {
        return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
    }

    /** log(1 + e^u) without overflow. */
    static double softplus(double u) {
        return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
    }

    static double clip(double p, double epsilon) {
        return Math.max(epsilon, Math.min(1 - epsilon, p));
    }

    static void checkEpsilon(double epsilon) {
        checkArgument(epsilon >= 0 && epsilon < 0.5, "calibration epsilon must be in [0, 0.5): %s", epsilon);
    }

    static void checkData(double[] rawPFake, boolean[] isFake) {
        checkArgument(rawPFake.length == isFake.length, "%s scores but %s labels", rawPFake.length, isFake.length);
        checkArgument(rawPFake.length > 0, "no labelled scores to fit a calibration on");
        for (double p : rawPFake) {
            checkArgument(p >= 0 && p <= 1, "scores must be probabilities in [0, 1]: %s", p);
        }
    }
}
