package dev.deepfake4j.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IsotonicCalibrationTest {
    @Test
    void poolAdjacentViolatorsOnFourPoints() {
        // sorted: 0.1 REAL, 0.3 FAKE, 0.5 REAL, 0.7 FAKE. PAV: {0}, {1}, then 0 after 1 violates → {0.3, 0.5} pooled,
        // mean score 0.4, fraction fake 1/2; then {1}. Knots (0.1, 0), (0.4, 0.5), (0.7, 1).
        IsotonicCalibration iso = IsotonicCalibration.fit(new double[] {0.5, 0.1, 0.7, 0.3},
                new boolean[] {false, false, true, true}, 0.01);
        assertThat(iso.knotX()).containsExactly(new double[] {0.1, 0.4, 0.7}, within(1e-12));
        assertThat(iso.knotY()).containsExactly(0.0, 0.5, 1.0);
        // between knots: 0.25 is half-way from 0.1 to 0.4 → 0.25; 0.55 half-way from 0.4 to 0.7 → 0.75
        assertThat(iso.apply(0.25)).isCloseTo(0.25, within(1e-12));
        assertThat(iso.apply(0.55)).isCloseTo(0.75, within(1e-12));
        assertThat(iso.apply(0.4)).isCloseTo(0.5, within(1e-12));
        // beyond the ends: constant, then clipped to [0.01, 0.99]
        assertThat(iso.apply(0.0)).isEqualTo(0.01);
        assertThat(iso.apply(0.1)).isEqualTo(0.01);
        assertThat(iso.apply(0.95)).isEqualTo(0.99);
    }

    @Test
    void aFullyReversedOrderPoolsIntoOneBlock() {
        // FAKE, FAKE, REAL, REAL by increasing score: every step violates, one block: mean score 0.45, 2/4 fake
        IsotonicCalibration iso = IsotonicCalibration.fit(new double[] {0.2, 0.4, 0.5, 0.7},
                new boolean[] {true, true, false, false}, 0.01);
        assertThat(iso.knotX()).containsExactly(new double[] {0.45}, within(1e-12));
        assertThat(iso.knotY()).containsExactly(0.5);
        assertThat(iso.apply(0.05)).isEqualTo(0.5);
        assertThat(iso.apply(0.99)).isEqualTo(0.5);
    }

    @Test
    void equalScoresArePooledBeforeAnything() {
        // 0.2 twice (one fake, one real) → one point of value 1/2; 0.6 FAKE → 1
        IsotonicCalibration iso = IsotonicCalibration.fit(new double[] {0.2, 0.6, 0.2},
                new boolean[] {true, true, false}, 0);
        assertThat(iso.knotX()).containsExactly(0.2, 0.6);
        assertThat(iso.knotY()).containsExactly(0.5, 1.0);
        assertThat(iso.apply(0.4)).isCloseTo(0.75, within(1e-12));
        assertThat(iso.apply(0.8)).isEqualTo(1.0);
    }

    @Test
    void badKnotsAndScoresAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new IsotonicCalibration(new double[] {0.5, 0.4}, new double[] {0, 1}, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0.4, 1.0)");
        assertThatThrownBy(() -> IsotonicCalibration.fit(new double[] {1.5}, new boolean[] {true}, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        IsotonicCalibration iso = new IsotonicCalibration(new double[] {0.5}, new double[] {0.5}, 0.01);
        assertThatThrownBy(() -> iso.apply(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }
}
