package dev.deepfake4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelTest {
    @Test
    void onlyScoresAboveTheThresholdAreFake() {
        assertThat(Label.of(0.5, 0.5)).isEqualTo(Label.REAL); // the no-evidence prior is not an accusation
        assertThat(Label.of(0.5000001, 0.5)).isEqualTo(Label.FAKE);
        assertThat(Label.of(0.7, 0.8)).isEqualTo(Label.REAL);
    }
}
