package dev.deepfake4j.models.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.calibrate.IsotonicCalibration;
import dev.deepfake4j.calibrate.PlattCalibration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibrationFileTest {
    private static final Path SOURCE = Path.of("cal.json");

    private static FittedCalibration fitted(dev.deepfake4j.calibrate.Calibration map) {
        return new FittedCalibration(map, 5, 4, 1, List.of("mesonet4-df"), "sampler=uniform(32)",
                Instant.parse("2026-12-02T06:00:00Z"), 5, Map.of("raw", 0.61, map.method(), 0.54));
    }

    @Test
    void plattAndIsotonicRoundTrip() throws DeepfakeException {
        FittedCalibration platt = fitted(new PlattCalibration(0.42, 1.5, 0.01, false));
        String json = CalibrationFile.toJson(platt);
        assertThat(json).contains("\"format\" : 1", "\"method\" : \"platt\"", "\"slope\" : 0.42", "\"fake\" : 4",
                "\"mesonet4-df\"", "2026-12-02T06:00:00Z");
        assertThat(CalibrationFile.parse(json.getBytes(StandardCharsets.UTF_8), SOURCE)).isEqualTo(platt);
        FittedCalibration iso = fitted(new IsotonicCalibration(new double[] {0.1, 0.4}, new double[] {0, 0.5}, 0.01));
        assertThat(CalibrationFile.parse(CalibrationFile.toJson(iso).getBytes(StandardCharsets.UTF_8), SOURCE))
                .isEqualTo(iso);
        FittedCalibration temp = fitted(new PlattCalibration(0.15, 0, 0.01, true));
        assertThat(CalibrationFile.parse(CalibrationFile.toJson(temp).getBytes(StandardCharsets.UTF_8), SOURCE)
                .method()).isEqualTo("temperature");
    }

    @Test
    void malformedFilesAreUnsupportedInputNamingTheFileAndTheField() {
        assertBad("[1, 2]", "must hold a JSON object");
        assertBad("{\"format\": 2, \"method\": \"platt\"}", "format 2", "format 1");
        assertBad("{\"method\": \"spline\", \"epsilon\": 0.01}", "spline");
        assertBad("{\"method\": \"platt\", \"epsilon\": 0.01, \"platt\": {\"slope\": \"x\", \"intercept\": 0}}",
                "'slope'");
        assertBad("{\"method\": \"isotonic\", \"epsilon\": 0.01, \"isotonic\": {\"x\": [0.5, 0.4], \"y\": [0, 1]},"
                + " \"fitted_on\": {\"files\": 1, \"fake\": 1, \"real\": 0, \"date\": \"2026-12-02T06:00:00Z\"}}",
                "knots must increase");
        assertBad("{\"mesonet\": {\"label\": \"FAKE\"}}", "'method'");
        assertBad("not json", "not valid JSON");
    }

    private static void assertBad(String json, String... fragments) {
        assertThatThrownBy(() -> CalibrationFile.parse(json.getBytes(StandardCharsets.UTF_8), SOURCE))
                .isInstanceOf(DeepfakeException.class).hasMessageContaining("cal.json")
                .hasMessageContainingAll(fragments)
                .satisfies(e -> assertThat(((DeepfakeException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT));
    }
}
