package dev.deepfake4j.calibrate;

/**
 * A monotone map from the detector's raw video P(fake) to a calibrated P(fake): one whose values match the
 * frequency of fakes among videos given that value. Implementations are immutable and thread-safe.
 *
 * @see CalibrationFit
 */
public interface Calibration {
    /**
     * @param rawPFake the detector's video score, a probability in [0, 1]
     * @return the calibrated probability of fake, in [ε, 1 − ε] for the map's ε
     */
    double apply(double rawPFake);

    /** @return the kind of map: {@code "platt"}, {@code "temperature"}, {@code "isotonic"} or {@code "identity"} */
    String method();

    /** @return the map that changes nothing (besides clipping to [ε, 1 − ε]) */
    static Calibration identity(double epsilon) {
        CalibrationMath.checkEpsilon(epsilon);
        return new Calibration() {
            @Override
            public double apply(double rawPFake) {
                return CalibrationMath.clip(rawPFake, epsilon);
            }

            @Override
            public String method() {
                return "identity";
            }

            @Override
            public String toString() {
                return "identity(ε=" + epsilon + ")";
            }
        };
    }
}
