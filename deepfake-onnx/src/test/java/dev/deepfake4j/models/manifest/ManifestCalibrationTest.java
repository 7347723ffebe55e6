package dev.deepfake4j.models.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.calibrate.PlattCalibration;
import dev.deepfake4j.models.calibrate.CalibrationFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest's {@code "calibration"}: embedded or a file beside it, written back embedded, bad values named. */
class ManifestCalibrationTest {
    @TempDir
    Path tmp;

    static final FittedCalibration PLATT = new FittedCalibration(new PlattCalibration(0.5, 1.25, 0.01, false), 5, 4,
            1, List.of("mesonet4-df"), "test", Instant.parse("2026-12-02T00:00:00Z"), 5, Map.of("raw", 0.61));

    private static String with(String calibration) {
        String m = ModelManifestTest.MESONET;
        return m.substring(0, m.lastIndexOf('}')) + ", \"calibration\": " + calibration + "}";
    }

    @Test
    void anEmbeddedCalibrationIsReadAndWrittenBackEmbedded() throws DeepfakeException {
        ModelManifest m = ModelManifest.parse(with(CalibrationFile.toJson(PLATT)), "m.json");
        FittedCalibration c = m.calibration().orElseThrow();
        assertThat(c.models()).containsExactly("mesonet4-df");
        PlattCalibration p = (PlattCalibration) c.map();
        assertThat(p.slope()).isEqualTo(0.5);
        assertThat(p.intercept()).isEqualTo(1.25);
        // logit 0 → 0.5 × 0 + 1.25 → sigmoid(1.25) = 0.77730
        assertThat(c.apply(0.5)).isCloseTo(0.77730, within(1e-5));

        ModelManifest again = ModelManifest.parse(m.toJson(), "again.json");
        assertThat(again.calibration().orElseThrow().apply(0.5)).isCloseTo(0.77730, within(1e-5));
        assertThat(ModelManifest.parse(ModelManifestTest.MESONET, "plain.json").calibration()).isEmpty();
        assertThat(m.toBuilder().build().calibration()).containsSame(c);
    }

    @Test
    void aFileNameIsResolvedBesideTheManifest() throws Exception {
        Files.writeString(tmp.resolve("meso.calibration.json"), CalibrationFile.toJson(PLATT));
        Path manifest = Files.writeString(tmp.resolve("meso.json"), with("\"meso.calibration.json\""));
        assertThat(ModelManifest.read(manifest).calibration().orElseThrow().method()).isEqualTo("platt");
    }

    @Test
    void badCalibrationsAreModelInvalidNamingTheManifestAndTheField() throws Exception {
        assertThatThrownBy(() -> ModelManifest.parse(with("\"cal.json\""), "stream.json"))
                .isInstanceOf(DeepfakeException.class)
                .hasMessageContaining("stream.json", "'calibration'", "embed the calibration object instead")
                .extracting(e -> ((DeepfakeException) e).code()).isEqualTo(ErrorCode.MODEL_INVALID);

        Path manifest = Files.writeString(tmp.resolve("gone.json"), with("\"missing.json\""));
        assertThatThrownBy(() -> ModelManifest.read(manifest)).isInstanceOf(DeepfakeException.class)
                .hasMessageContaining("'calibration'", "missing.json")
                .extracting(e -> ((DeepfakeException) e).code()).isEqualTo(ErrorCode.MODEL_INVALID);

        assertThatThrownBy(() -> ModelManifest.parse(with("7"), "n.json"))
                .hasMessageContaining("'calibration' must be a calibration.json object or the name of such a file");
        assertThatThrownBy(() -> ModelManifest.parse(with("{\"format\": 7}"), "f.json"))
                .hasMessageContaining("'calibration'", "format 7");
    }
}
