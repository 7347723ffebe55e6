package dev.deepfake4j.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Expected parameters come from an independent computation in numpy (not Newton's method: a grid over
 * slope ∈ [−3, 5] step 0.01 and intercept ∈ [−5, 5] step 0.01, then coordinate steps halved down to 1e-10, on the
 * same objective: Σ [log(1 + e^u) − t·u] + 0.005((a − 1)² + b²), u = a·logit(p) + b, Platt's targets
 * (N₊+1)/(N₊+2) and 1/(N₋+2)).
 */
class PlattCalibrationTest {
    /** The default detector's raw scores of the five shared DFDC clips (docs/golden/README.md). */
    static final double[] DFDC = {0.4530327767133713, 0.26455663703382015, 0.8771207963719088, 0.01,
        0.4512867368757725};
    static final boolean[] DFDC_FAKE = {true, true, true, false, true};

    @Test
    void separableScoresGiveAFiniteFitThatMatchesTheIndependentOne() {
        double[] p = {0.2, 0.3, 0.6, 0.8};
        boolean[] y = {false, false, true, true};
        PlattCalibration platt = PlattCalibration.fit(p, y, 0.01);
        assertThat(platt.slope()).isCloseTo(0.9725337791442873, within(1e-6));
        assertThat(platt.intercept()).isCloseTo(0.12350486755371107, within(1e-6));
        assertThat(platt.method()).isEqualTo("platt");
        PlattCalibration temperature = PlattCalibration.fitTemperature(p, y, 0.01);
        assertThat(temperature.slope()).isCloseTo(0.9571571540832519, within(1e-6));
        assertThat(temperature.intercept()).isZero();
        assertThat(temperature.method()).isEqualTo("temperature");
    }

    @Test
    void overlappingScoresMatchTheIndependentFit() {
        double[] p = {0.1, 0.35, 0.4, 0.8, 0.9, 0.6};
        boolean[] y = {false, false, true, true, true, false};
        PlattCalibration platt = PlattCalibration.fit(p, y, 0.01);
        assertThat(platt.slope()).isCloseTo(0.6213599584996701, within(1e-6));
        assertThat(platt.intercept()).isCloseTo(-0.08452898025512703, within(1e-6));
        assertThat(PlattCalibration.fitTemperature(p, y, 0.01).slope()).isCloseTo(0.6148783165216446, within(1e-6));
    }

    @Test
    void theSharedDfdcClipsMatchTheIndependentFit() {
        PlattCalibration platt = PlattCalibration.fit(DFDC, DFDC_FAKE, 0.01);
        assertThat(platt.slope()).isCloseTo(0.42489547759294505, within(1e-6));
        assertThat(platt.intercept()).isCloseTo(1.4966397476196291, within(1e-6));
        assertThat(PlattCalibration.fitTemperature(DFDC, DFDC_FAKE, 0.01).slope())
                .isCloseTo(0.15221681594848624, within(1e-6));
    }

    @Test
    void applyIsTheLogisticOfTheScaledLogitClipped() {
        // slope 2, intercept 0: p = 0.75 → logit ln 3 → σ(2 ln 3) = 9/10
        PlattCalibration m = new PlattCalibration(2, 0, 0.01, false);
        assertThat(m.apply(0.75)).isCloseTo(0.9, within(1e-12));
        assertThat(m.apply(0.5)).isCloseTo(0.5, within(1e-12));
        // σ(2 logit(0.999)) ≈ 0.999999 → clipped to 0.99; an exact 0 is kept finite (logit of 1e-6) and clipped
        assertThat(m.apply(0.999)).isEqualTo(0.99);
        assertThat(m.apply(0.0)).isEqualTo(0.01);
        // slope 1, intercept ln 2: odds doubled, 0.5 → 2/3
        assertThat(new PlattCalibration(1, Math.log(2), 0, false).apply(0.5)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void equalScoresStayWellPosed() {
        // all raw scores 0.5 (logit 0): the slope is held at 1 by the prior; the intercept is the logit of the mean
        // target up to the prior: targets 3/4 (2 fakes) and 1/3 (1 real) → mean 11/18, intercept ≈ logit(11/18)
        PlattCalibration m = PlattCalibration.fit(new double[] {0.5, 0.5, 0.5}, new boolean[] {true, true, false}, 0.01);
        assertThat(m.slope()).isCloseTo(1, within(1e-9));
        assertThat(m.intercept()).isCloseTo(Math.log(11.0 / 7), within(0.01));
    }
}
