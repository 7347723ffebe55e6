package dev.deepfake4j.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.metrics.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ROC points, area, reliability bins and per-video log loss, each worked out by hand. */
class CurvesTest {
    // three FAKE (0.9, 0.6, 0.4) and two REAL (0.6, 0.2)
    private static final boolean[] Y = {true, true, true, false, false};
    private static final double[] P = {0.9, 0.6, 0.4, 0.6, 0.2};

    @Test
    void rocStepsByDistinctScoreAndTiesMoveDiagonally() {
        List<Curves.Point> roc = Curves.roc(Y, P);
        // thresholds: 0.9 → 1 of 3 FAKE; 0.6 (tie of a FAKE and a REAL) → 2/3 and 1/2; 0.4 → 3/3; 0.2 → REAL 2/2
        assertThat(roc).containsExactly(new Curves.Point(0, 0), new Curves.Point(0, 1 / 3.0),
                new Curves.Point(0.5, 2 / 3.0), new Curves.Point(0.5, 1), new Curves.Point(1, 1));
        // area: 0 + 0.5 × (1/3 + 2/3) / 2 + 0 + 0.5 × (1 + 1) / 2 = 0.25 + 0.5 = 0.75
        assertThat(Curves.area(roc)).isCloseTo(0.75, within(1e-12));
        // pairs: (0.9 > 0.6, 0.9 > 0.2, 0.6 = 0.6 → ½, 0.6 > 0.2, 0.4 < 0.6, 0.4 > 0.2) = 4.5 of 6 = 0.75
        assertThat(Metrics.rocAuc(Y, P)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void aRocCurveNeedsBothClasses() {
        assertThatThrownBy(() -> Curves.roc(new boolean[] {true, true}, new double[] {0.2, 0.3}))
                .hasMessageContaining("2 FAKE, 0 REAL");
        assertThatThrownBy(() -> Curves.roc(new boolean[] {true}, new double[] {0.2, 0.3}))
                .hasMessageContaining("1 labels, 2 predictions");
    }

    @Test
    void reliabilityBinsCountMeanAndFractionFake() {
        List<Curves.Bin> bins = Curves.reliability(Y, new double[] {0.9, 0.6, 0.4, 0.6, 1.0}, 2);
        // [0, 0.5): 0.4 (FAKE) → 1 video, mean 0.4, 1/1 fake; [0.5, 1]: 0.9, 0.6, 0.6, 1.0 → mean 3.1 / 4 = 0.775,
        // FAKE 2 of 4 (1.0 is the REAL at the top edge, which falls in the last bin)
        assertThat(bins).hasSize(2);
        assertThat(bins.get(0).count()).isEqualTo(1);
        assertThat(bins.get(0).meanPredicted()).isCloseTo(0.4, within(1e-12));
        assertThat(bins.get(0).fractionFake()).isEqualTo(1.0);
        assertThat(bins.get(1).count()).isEqualTo(4);
        assertThat(bins.get(1).meanPredicted()).isCloseTo(0.775, within(1e-12));
        assertThat(bins.get(1).fractionFake()).isEqualTo(0.5);
        assertThat(Curves.reliability(Y, P, 10).get(3).meanPredicted()).isNaN();
    }

    @Test
    void perVideoLogLossAveragesToTheLogLoss() {
        // FAKE at 0.9: −ln 0.9 = 0.1053605; REAL at 0.2: −ln 0.8 = 0.2231436
        assertThat(Curves.logLoss(true, 0.9)).isCloseTo(0.1053605, within(1e-7));
        assertThat(Curves.logLoss(false, 0.2)).isCloseTo(0.2231436, within(1e-7));
        double sum = 0;
        for (int i = 0; i < Y.length; i++) {
            sum += Curves.logLoss(Y[i], P[i]);
        }
        assertThat(sum / Y.length).isCloseTo(Metrics.logLoss(Y, P), within(1e-12));
        assertThat(Curves.logLoss(true, 0)).isCloseTo(-Math.log(1e-15), within(1e-9));
    }
}
