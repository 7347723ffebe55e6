package dev.deepfake4j.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
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

    /**
     * The rule (t = 0.8): with more than n/2.5 and more than 11 scores above t, the mean of those; else with more than
     * 0.9 n scores below 0.2, the mean of those; else the mean of all. Each input below lands just on one side of one
     * boundary, and the branch on its other side would give another number (in brackets), so a rule with a wrong
     * boundary or a wrong branch fails.
     */
    @Test
    void confidentStrategyNeedsMoreThanElevenFakes() {
        // n = 20, n/2.5 = 8. Eleven fakes (> 8, not > 11): the mean of all, (11 * 0.9 + 9 * 0.5) / 20 = 0.72
        // (the fakes' mean would be 0.9).
        double[] eleven = scores(11, 0.9, 9, 0.5);
        assertThat(Aggregation.confidentStrategy().aggregate(eleven)).isCloseTo(14.4 / 20, within(EPS));
        // Twelve fakes, 6 * 0.85 + 6 * 0.95 = 10.8: their mean 0.9 (the mean of all: (10.8 + 8 * 0.5) / 20 = 0.74;
        // the highest: 0.95).
        double[] twelve = scores(6, 0.85, 6, 0.95, 8, 0.5);
        assertThat(Aggregation.confidentStrategy().aggregate(twelve)).isCloseTo(10.8 / 12, within(EPS));
    }

    @Test
    void confidentStrategyNeedsMoreThanNOver2Point5Fakes() {
        // n = 30, n/2.5 = 12. Twelve fakes (> 11, not > 12): the mean of all, (10.8 + 18 * 0.4) / 30 = 0.6
        // (the fakes' mean would be 0.9).
        double[] atTheBound = scores(6, 0.85, 6, 0.95, 18, 0.4);
        assertThat(Aggregation.confidentStrategy().aggregate(atTheBound)).isCloseTo(18.0 / 30, within(EPS));
        // Thirteen fakes, 10.8 + 0.98 = 11.78: their mean 11.78 / 13 = 0.90615... (the mean of all:
        // (11.78 + 17 * 0.4) / 30 = 0.61933...).
        double[] aboveIt = scores(6, 0.85, 6, 0.95, 1, 0.98, 17, 0.4);
        assertThat(Aggregation.confidentStrategy().aggregate(aboveIt)).isCloseTo(11.78 / 13, within(EPS));
    }

    @Test
    void confidentStrategyTakesTheMeanOfConfidentRealsWhenMostAreReal() {
        // n = 20, 0.9 n = 18. Nineteen reals, 10 * 0.05 + 9 * 0.15 = 1.85, and one 0.7: the reals' mean 1.85 / 19
        // = 0.09737 (the mean of all: 2.55 / 20 = 0.1275).
        double[] nineteen = scores(10, 0.05, 9, 0.15, 1, 0.7);
        assertThat(Aggregation.confidentStrategy().aggregate(nineteen)).isCloseTo(1.85 / 19, within(EPS));
        // Eighteen reals (not > 18), 9 * 0.05 + 9 * 0.15 = 1.8, and two 0.7: the mean of all, 3.2 / 20 = 0.16
        // (the reals' mean would be 0.1).
        double[] eighteen = scores(9, 0.05, 9, 0.15, 2, 0.7);
        assertThat(Aggregation.confidentStrategy().aggregate(eighteen)).isCloseTo(3.2 / 20, within(EPS));
    }

    @Test
    void confidentStrategyThresholdsAreStrict() {
        // Scores equal to 0.8 are not fakes: 12 of 0.8 and 8 of 0.5 (n = 20) have no fake, so the mean of all,
        // (9.6 + 4) / 20 = 0.68 (counting 0.8 as fake would give 12 fakes and their mean 0.8).
        assertThat(Aggregation.confidentStrategy().aggregate(scores(12, 0.8, 8, 0.5))).isCloseTo(13.6 / 20,
                within(EPS));
        // Scores equal to 0.2 are not reals: 18 of 0.2, one 0.1 and one 0.7 have one real, so the mean of all,
        // (3.6 + 0.1 + 0.7) / 20 = 0.22 (counting 0.2 as real would give 19 > 18 reals and their mean 3.7 / 19).
        assertThat(Aggregation.confidentStrategy().aggregate(scores(18, 0.2, 1, 0.1, 1, 0.7))).isCloseTo(4.4 / 20,
                within(EPS));
    }

    /** @param countsAndValues count, value, count, value, ...: that many copies of each value, in order */
    private static double[] scores(double... countsAndValues) {
        return IntStream.range(0, countsAndValues.length / 2)
                .mapToObj(i -> DoubleStream.generate(() -> countsAndValues[2 * i + 1])
                        .limit((long) countsAndValues[2 * i]))
                .flatMapToDouble(d -> d).toArray();
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
    void logitMeanIsTheSigmoidOfTheMeanLogit() {
        double a = 1 / (1 + Math.exp(-2.0));
        double b = 1 / (1 + Math.exp(1.0));
        // logits 2 and -1: mean 0.5, sigmoid(0.5) = 0.6225, not the probability mean (0.8808 + 0.2689) / 2
        assertThat(Aggregation.logitMean().aggregate(new double[] {a, b}))
                .isCloseTo(1 / (1 + Math.exp(-0.5)), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Aggregation.logitMean().aggregate(new double[] {0.0, 1.0})).isCloseTo(0.5,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(Aggregation.logitMean().aggregate(new double[] {1.0})).isBetween(0.99, 1.0);
        assertThat(Aggregation.logitMean().aggregate(new double[0])).isEqualTo(0.5);
        assertThat(Aggregation.parse("logit-mean").toString()).isEqualTo("logit-mean");
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
