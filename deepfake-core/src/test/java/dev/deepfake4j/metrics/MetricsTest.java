package dev.deepfake4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final boolean F = true;
    private static final boolean R = false;

    @Test
    void logLossByHand() {
        // -(ln 0.8 + ln(1 - 0.4)) / 2
        double expected = -(Math.log(0.8) + Math.log(0.6)) / 2;
        assertThat(Metrics.logLoss(new boolean[] {F, R}, new double[] {0.8, 0.4})).isCloseTo(expected, within(1e-12));
        assertThat(Metrics.logLoss(new boolean[] {F, R}, new double[] {0.5, 0.5})).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void logLossClipsCertainMistakesAsTheDfdcDid() {
        // p = 0 for a FAKE is clipped to 1e-15: loss -ln(1e-15) = 34.539 (not infinity).
        assertThat(Metrics.logLoss(new boolean[] {F}, new double[] {0.0})).isCloseTo(-Math.log(1e-15), within(1e-9));
        assertThat(Metrics.logLoss(new boolean[] {R}, new double[] {0.0}, 0.01)).isCloseTo(-Math.log(0.99), within(1e-12));
        assertThat(Metrics.logLoss(new boolean[] {F}, new double[] {0.0}, 0.01)).isCloseTo(-Math.log(0.01), within(1e-12));
    }

    @Test
    void rocAucCountsPairsAndHalvesTies() {
        // Positives 0.9, 0.5; negatives 0.5, 0.1. Pairs: (0.9>0.5) 1, (0.9>0.1) 1, (0.5=0.5) 0.5, (0.5>0.1) 1 -> 3.5/4.
        assertThat(Metrics.rocAuc(new boolean[] {F, F, R, R}, new double[] {0.9, 0.5, 0.5, 0.1}))
                .isCloseTo(0.875, within(1e-12));
        assertThat(Metrics.rocAuc(new boolean[] {F, R}, new double[] {0.2, 0.8})).isEqualTo(0.0);
        assertThat(Metrics.rocAuc(new boolean[] {F, R, F}, new double[] {0.3, 0.3, 0.3})).isEqualTo(0.5);
        assertThat(Metrics.rocAuc(new boolean[] {F, F}, new double[] {0.3, 0.6})).isNaN();
    }

    @Test
    void accuracyAndBrierByHand() {
        boolean[] y = {F, R, F, R};
        double[] p = {0.7, 0.2, 0.4, 0.5};
        // 0.7 F ok, 0.2 R ok, 0.4 F wrong, 0.5 R ok (0.5 is not above the threshold: REAL)
        assertThat(Metrics.accuracy(y, p, 0.5)).isEqualTo(0.75);
        assertThat(Metrics.accuracy(y, p, 0.45)).isEqualTo(0.5); // now 0.5 counts as FAKE
        // (0.09 + 0.04 + 0.36 + 0.25) / 4 = 0.185
        assertThat(Metrics.brier(y, p)).isCloseTo(0.185, within(1e-12));
    }

    @Test
    void mismatchedOrOutOfRangeInputsAreRejected() {
        assertThatThrownBy(() -> Metrics.logLoss(new boolean[] {F}, new double[] {0.1, 0.2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 labels but 2 predictions");
        assertThatThrownBy(() -> Metrics.brier(new boolean[] {F}, new double[] {1.2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2");
        assertThatThrownBy(() -> Metrics.accuracy(new boolean[0], new double[0], 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
