package dev.deepfake4j.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AggregationTest {
    private static final double EPS = 1e-12;

    @Test
    void meanMedianMaxOfSmallSets() {
        double[] s = {0.1, 0.9, 0.4, 0.2};
        assertThat(Aggregation.mean().aggregate(s)).isCloseTo(0.4, within(EPS)); // 1.6 / 4
        assertThat(Aggregation.median().aggregate(s)).isCloseTo(0.3, within(EPS)); // (0.2 + 0.4) / 2
        assertThat(Aggregation.median().aggregate(new double[] {0.7, 0.1, 0.3})).isCloseTo(0.3, within(EPS));
        assertThat(Aggregation.max().aggregate(s)).isCloseTo(0.9, within(EPS));
    }

    @Test
    void aggregationDoesNotReorderTheCallersArray() {
        double[] s = {0.9, 0.1, 0.5};
        Aggregation.median().aggregate(s);
        Aggregation.topKMean(2).aggregate(s);
        assertThat(s).containsExactly(0.9, 0.1, 0.5);
    }

    @Test
    void topKMeanAveragesTheHighestK() {
        double[] s = {0.1, 0.9, 0.4, 0.7};
        assertThat(Aggregation.topKMean(2).aggregate(s)).isCloseTo(0.8, within(EPS)); // (0.9 + 0.7) / 2
        assertThat(Aggregation.topKMean(10).aggregate(s)).isCloseTo(0.525, within(EPS)); // all four: 2.1 / 4
        assertThatThrownBy(() -> Aggregation.topKMean(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void emptyInputGivesNoEvidence() {
        for (Aggregation a : new Aggregation[] {Aggregation.mean(), Aggregation.median(), Aggregation.max(),
                Aggregation.topKMean(3), Aggregation.confidentStrategy(), Aggregation.confidenceWeighted()}) {
            assertThat(a.aggregate(new double[0])).as(a.toString()).isEqualTo(0.5);
        }
    }

    @Test
    void confidentStrategyTakesTheMeanOfConfidentFakesWhenThereAreEnough() {
        // n = 20; 12 scores above 0.8 (> 20/2.5 = 8 and > 11): mean of those 12.
        double[] s = new double[20];
        Arrays.fill(s, 0, 12, 0.9);
        s[0] = 0.96; // the 12 are 0.96 + 11 * 0.9 = 10.86 -> 0.905
        Arrays.fill(s, 12, 20, 0.1);
        assertThat(Aggregation.confidentStrategy().aggregate(s)).isCloseTo(10.86 / 12, within(EPS));
    }

    @Test
    void confidentStrategyNeedsMoreThanElevenFakes() {
        // 11 above 0.8 out of 11: 11 > 11/2.5 but not > 11, and not > 0.9n below 0.2: plain mean.
        double[] s = new double[11];
        Arrays.fill(s, 0.85);
        assertThat(Aggregation.confidentStrategy().aggregate(s)).isCloseTo(0.85, within(EPS));
        // Same with 12 faces: 12 > 11 and 12 > 4.8 -> mean of the confident ones, here also 0.85.
        double[] t = new double[13];
        Arrays.fill(t, 0.85);
        t[12] = 0.5; // 12 above 0.8 of 13: mean of those twelve = 0.85, not the overall mean 0.823
        assertThat(Aggregation.confidentStrategy().aggregate(t)).isCloseTo(0.85, within(EPS));
    }

    @Test
    void confidentStrategyTakesTheMeanOfConfidentRealsWhenMostAreReal() {
        // n = 10; 10 below 0.2 (> 9): mean of those.
        double[] s = {0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.15};
        assertThat(Aggregation.confidentStrategy().aggregate(s)).isCloseTo(0.085, within(EPS));
        // 9 of 10 below 0.2 is not more than 0.9 * 10: plain mean (0.9 + 9 * 0.1) / 10 = 0.18.
        double[] t = {0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        assertThat(Aggregation.confidentStrategy().aggregate(t)).isCloseTo(0.18, within(EPS));
    }

    @Test
    void confidenceWeightedMeanByHand() {
        // p = 0.9: d = 0.4, w = 0.4, p' = 0.5 + 0.4^0.65; p = 0.3: d = -0.2, w = 0.2, p' = 0.5 - 0.2^0.65.
        double p1 = 0.5 + Math.pow(0.4, 0.65);
        double p2 = 0.5 - Math.pow(0.2, 0.65);
        double expected = (0.4 * p1 + 0.2 * p2) / 0.6;
        assertThat(Aggregation.confidenceWeighted().aggregate(new double[] {0.9, 0.3}))
                .isCloseTo(expected, within(EPS));
        assertThat(Aggregation.confidenceWeighted().aggregate(new double[] {0.5, 0.5})).isEqualTo(0.5);
        // A single 1.0 would give 0.5 + 0.5^0.65 > 1: clamped.
        assertThat(Aggregation.confidenceWeighted().aggregate(new double[] {1.0})).isEqualTo(1.0);
    }

    @Test
    void parseKnowsTheCliSpellings() {
        assertThat(Aggregation.parse("confident").toString()).isEqualTo("confident");
        assertThat(Aggregation.parse("weighted").toString()).isEqualTo("weighted");
        assertThat(Aggregation.parse("MEAN").toString()).isEqualTo("mean");
        assertThat(Aggregation.parse("topK:3").aggregate(new double[] {0.1, 0.2, 0.3, 0.4}))
                .isCloseTo(0.3, within(EPS));
        assertThatThrownBy(() -> Aggregation.parse("avg")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'avg'");
    }
}
