package dev.deepfake4j.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationFitTest {
    @Test
    void foldsGoRoundRobinOverLabelThenScore() {
        // order by (label, score): REAL 0.1 (i=2), REAL 0.4 (i=0), FAKE 0.2 (i=3), FAKE 0.3 (i=1), FAKE 0.9 (i=4),
        // FAKE 0.9 (i=6, ties by position), FAKE 0.95 (i=5); with k = 5 they get folds 0, 1, 2, 3, 4, 0, 1
        double[] p = {0.4, 0.3, 0.1, 0.2, 0.9, 0.95, 0.9};
        boolean[] y = {false, true, false, true, true, true, true};
        assertThat(CalibrationFit.folds(p, y, 5)).containsExactly(1, 3, 0, 2, 4, 1, 0);
        assertThat(CalibrationFit.folds(p, y, 1)).containsOnly(0);
        assertThatThrownBy(() -> CalibrationFit.folds(p, y, 8)).hasMessageContaining("1..7");
    }

    /**
     * Expected values: the numpy computation described in {@link PlattCalibrationTest} for the Platt fits, its own
     * pool-adjacent-violators (numpy, sort then merge while the earlier block's mean is not below the later one's),
     * and the same fold rule, leave-one-out for the five clips.
     */
    @Test
    void theSharedDfdcClipsCrossValidateAsTheIndependentComputationDoes() {
        CalibrationFit fit = CalibrationFit.fit(PlattCalibrationTest.DFDC, PlattCalibrationTest.DFDC_FAKE, 0.01);
        assertThat(fit.folds()).isEqualTo(5);
        assertThat(fit.cvLogLoss()).containsOnlyKeys("raw", "temperature", "platt", "isotonic");
        // raw: −(ln 0.45303 + ln 0.26456 + ln 0.87712 + ln 0.99 + ln 0.45129)/5
        assertThat(fit.rawLogLoss()).isCloseTo(0.6116607956693058, within(1e-12));
        assertThat(fit.cvLogLoss().get("temperature")).isCloseTo(0.6505211221799648, within(1e-6));
        assertThat(fit.cvLogLoss().get("platt")).isCloseTo(0.5419170146128046, within(1e-6));
        assertThat(fit.cvLogLoss().get("isotonic")).isCloseTo(1.1549021542849616, within(1e-9));
        assertThat(fit.best().method()).isEqualTo("platt");
        assertThat(fit.helps()).isTrue();
        assertThat(((PlattCalibration) fit.best()).slope()).isCloseTo(0.42489547759294505, within(1e-6));
    }

    @Test
    void whenNoMapBeatsTheRawScoresTheFitSaysSo() {
        // the shared FF++ clips: raw 0.9042, temperature 0.9769, platt 1.0164, isotonic 2.4143 (numpy, as above)
        double[] p = {0.41620752587914467, 0.9220103342086077, 0.10187900625169277, 0.3127331268042326};
        boolean[] y = {true, true, true, false};
        CalibrationFit fit = CalibrationFit.fit(p, y, 0.01);
        assertThat(fit.rawLogLoss()).isCloseTo(0.9041930283368581, within(1e-12));
        assertThat(fit.cvLogLoss().get("temperature")).isCloseTo(0.9769108244698974, within(1e-6));
        assertThat(fit.cvLogLoss().get("platt")).isCloseTo(1.0164338568589966, within(1e-6));
        assertThat(fit.cvLogLoss().get("isotonic")).isCloseTo(2.414280363913866, within(1e-9));
        assertThat(fit.best().method()).isEqualTo("temperature");
        assertThat(fit.helps()).isFalse();
    }

    @Test
    void aFittedCalibrationRefusesOtherModelsNamingBoth() {
        CalibrationFit fit = CalibrationFit.fit(PlattCalibrationTest.DFDC, PlattCalibrationTest.DFDC_FAKE, 0.01);
        FittedCalibration c = FittedCalibration.of(fit, PlattCalibrationTest.DFDC_FAKE, List.of("mesonet4-df"),
                "sampler=uniform(32)", Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(c.files()).isEqualTo(5);
        assertThat(c.fakes()).isEqualTo(4);
        assertThat(c.reals()).isEqualTo(1);
        assertThat(c.apply(0.5)).isEqualTo(fit.best().apply(0.5));
        c.checkModels(List.of("mesonet4-df"));
        assertThatThrownBy(() -> c.checkModels(List.of("mesoinception4-df")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[mesonet4-df]").hasMessageContaining("[mesoinception4-df]");
    }

    @Test
    void oneVideoIsTooFewToCrossValidate() {
        assertThatThrownBy(() -> CalibrationFit.fit(new double[] {0.5}, new boolean[] {true}, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
    }
}
