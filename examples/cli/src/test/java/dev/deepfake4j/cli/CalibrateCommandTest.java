package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.calibrate.CalibrationFit;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.calibrate.PlattCalibration;
import dev.deepfake4j.metrics.Metrics;
import dev.deepfake4j.models.calibrate.CalibrationFile;
import dev.deepfake4j.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code calibrate} and {@code --calibration}: printed losses agree with a recomputation; bad input is named. */
class CalibrateCommandTest extends ConsoleCapture {
    private static final Pattern VIDEO_LINE = Pattern.compile("^(\\d\\.\\d{6})  (FAKE|REAL)  (FAKE|REAL)  (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern LOSS = Pattern.compile(" (raw|temperature|platt|isotonic) (\\d+\\.\\d{4})");

    @TempDir
    Path dir;

    @Test
    void thePrintedLossesAreThoseOfThePrintedScoresAndTheFileRoundTrips() throws IOException, DeepfakeException {
        Path dfdc = TestAssets.require("videos/labelled/dfdc");
        Path cal = dir.resolve("calibration.json");
        int exit = Main.execute("calibrate", "--labels", dfdc.resolve("metadata.json").toString(), "--frames", "8",
                dfdc.toString(), "--out", cal.toString());

        // recompute from the per-video raw scores the command printed (6 decimals)
        Matcher m = VIDEO_LINE.matcher(out());
        List<Double> raw = new ArrayList<>();
        List<Boolean> fake = new ArrayList<>();
        while (m.find()) {
            raw.add(Double.parseDouble(m.group(1)));
            fake.add(m.group(3).equals("FAKE"));
        }
        assertThat(raw).hasSize(5);
        double[] p = raw.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] y = new boolean[5];
        for (int i = 0; i < 5; i++) {
            y[i] = fake.get(i);
        }
        Map<String, Double> printed = new LinkedHashMap<>();
        Matcher l = LOSS.matcher(out().lines().filter(s -> s.startsWith("cv_log_loss")).findFirst().orElseThrow());
        while (l.find()) {
            printed.put(l.group(1), Double.parseDouble(l.group(2)));
        }
        assertThat(printed).containsOnlyKeys("raw", "temperature", "platt", "isotonic");
        assertThat(printed.get("raw")).isCloseTo(Metrics.logLoss(y, p), within(1e-4));
        CalibrationFit again = CalibrationFit.fit(p, y, 0.01);
        for (String method : List.of("temperature", "platt", "isotonic")) {
            assertThat(printed.get(method)).as(method).isCloseTo(again.cvLogLoss().get(method), within(2e-4));
        }
        assertThat(out()).contains("folds         5 (leave-one-out)");
        if (again.helps()) {
            assertThat(exit).isEqualTo(Main.EXIT_OK);
            assertThat(out()).contains("chosen        " + again.best().method());
            FittedCalibration read = CalibrationFile.read(cal);
            assertThat(read.models()).containsExactly("mesonet4-df");
            assertThat(read.files()).isEqualTo(5);
            assertThat(read.fakes()).isEqualTo(4);
            assertThat(read.method()).isEqualTo(again.best().method());
            assertThat(read.cvLogLoss().get("raw")).isCloseTo(printed.get("raw"), within(1e-4));

            // eval with the file: raw and calibrated side by side; the raw column is the raw log loss above
            resetOut();
            assertThat(Main.execute("eval", "--labels", dfdc.resolve("metadata.json").toString(), "--frames", "8",
                    "--calibration", cal.toString())).isEqualTo(Main.EXIT_OK);
            assertThat(out()).contains("metric     raw     calibrated", "calibration " + read.method());
            String logLoss = out().lines().filter(s -> s.startsWith("log_loss")).findFirst().orElseThrow();
            assertThat(Double.parseDouble(logLoss.split("\\s+")[1])).isCloseTo(printed.get("raw"), within(1e-4));
        } else {
            assertThat(exit).isEqualTo(Main.EXIT_NOT_CALIBRATED);
            assertThat(out()).contains("chosen        none");
            assertThat(cal).doesNotExist();
        }
    }

    @Test
    void missingAndUnlabelledFilesAreWarningsNamingThemAndOneClassIsNotCalibrated() throws IOException {
        Path dfdc = TestAssets.require("videos/labelled/dfdc");
        Path labels = Files.writeString(dir.resolve("metadata.json"), """
                {"brtujopkby.mp4": {"label": "FAKE"}, "gone.mp4": {"label": "FAKE"}}
                """);
        Path cal = dir.resolve("calibration.json");
        int exit = Main.execute("calibrate", "--labels", labels.toString(), "--frames", "2", dfdc.toString(),
                "--out", cal.toString());

        assertThat(exit).isEqualTo(Main.EXIT_NOT_CALIBRATED);
        assertThat(err()).contains("warning: " + labels + " labels gone.mp4, which is in none of")
                .contains("lynaeydofd.mp4 has no label in " + labels)
                .contains("abofeumbvv.mp4 has no label in " + labels)
                .contains("gone.mp4: FILE_NOT_FOUND");
        assertThat(out()).containsPattern("\\d\\.\\d{6}  (FAKE|REAL)  FAKE  brtujopkby.mp4")
                .contains("-  ERROR  FAKE  gone.mp4")
                .contains("1 fitted on (1 fake, 0 real), 1 failed")
                .contains("needs at least one FAKE and one REAL");
        assertThat(cal).doesNotExist();
    }

    @Test
    void anEmptyFolderAndALabelsFileThatIsNotDfdcMetadataAreErrorsNamingThem() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path labels = Files.writeString(dir.resolve("metadata.json"), "{\"a.mp4\": {\"label\": \"FAKE\"}}");
        assertThat(Main.execute("calibrate", "--labels", labels.toString(), empty.toString(), "--out",
                dir.resolve("c.json").toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("folder " + empty + " holds no video files");
        assertThat(Main.execute("eval", "--labels", labels.toString(), empty.toString()))
                .isEqualTo(Main.EXIT_USAGE);

        Path notDfdc = Files.writeString(dir.resolve("labels.json"), "{\"videos\": [\"a.mp4\", \"b.mp4\"]}");
        resetErr();
        assertThat(Main.execute("calibrate", "--labels", notDfdc.toString(), "--out",
                dir.resolve("c.json").toString())).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err()).contains("UNSUPPORTED_INPUT", notDfdc.toString(), "'videos'");
        assertThat(dir.resolve("c.json")).doesNotExist();
    }

    @Test
    void aCalibrationFittedForOtherModelsIsAUsageErrorNamingBothLists() throws IOException {
        Path clip = TestAssets.require("videos/labelled/dfdc/lynaeydofd.mp4");
        Path cal = dir.resolve("other.json");
        Files.writeString(cal, CalibrationFile.toJson(new FittedCalibration(new PlattCalibration(0.5, 1, 0.01, false),
                5, 4, 1, List.of("some-other-model"), "", Instant.EPOCH, 5, Map.of())));
        assertThat(Main.execute("score", "--frames", "2", "--calibration", cal.toString(), clip.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("--calibration " + cal, "[some-other-model]", "[mesonet4-df]");

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"format\": 7}");
        resetErr();
        assertThat(Main.execute("score", "--calibration", broken.toString(), clip.toString()))
                .isEqualTo(Main.EXIT_FAILURE);
        assertThat(err()).contains("UNSUPPORTED_INPUT", broken.toString(), "format 7");
    }

    private static String mesonetManifest(String calibration) {
        return """
                {"name": "mesonet4-df", "task": "classifier",
                 "input": {"name": "input", "layout": "NCHW", "width": 256, "height": 256, "channels": "RGB",
                           "scale": "1/255", "mean": [0, 0, 0], "std": [1, 1, 1], "interpolation": "nearest"},
                 "output": {"name": "prob_real", "kind": "probability", "index": 0, "positive": "real"}
                """ + (calibration == null ? "" : ", \"calibration\": " + calibration) + "}";
    }

    @Test
    void aCalibrationInTheModelsManifestIsAppliedAndOneForOtherModelsIsAUsageError() throws IOException {
        Path clip = TestAssets.require("videos/labelled/dfdc/brtujopkby.mp4");
        Path model = Files.copy(TestAssets.require("models/deepfake/mesonet/Meso4_DF.onnx"), dir.resolve("meso.onnx"));
        Path manifest = dir.resolve("meso.json");
        Files.writeString(manifest, mesonetManifest(null));
        assertThat(Main.execute("score", "--frames", "4", "--model", model.toString(), clip.toString()))
                .isEqualTo(Main.EXIT_OK);
        double raw = Double.parseDouble(out().trim().split("\\s+")[0]);

        // a model given as a file is named by its file name, which is what 'calibrate --model FILE' records;
        // slope 1, intercept ln 2 doubles the odds: p → 2p / (1 + p), clipped to [0.01, 0.99]
        Files.writeString(manifest, mesonetManifest(CalibrationFile.toJson(new FittedCalibration(
                new PlattCalibration(1, Math.log(2), 0.01, false), 5, 4, 1, List.of("meso.onnx"), "", Instant.EPOCH,
                5, Map.of()))));
        resetOut();
        assertThat(Main.execute("score", "--frames", "4", "--model", model.toString(), clip.toString()))
                .as(err()).isEqualTo(Main.EXIT_OK);
        double calibrated = Double.parseDouble(out().trim().split("\\s+")[0]);
        assertThat(calibrated).isCloseTo(Math.min(0.99, Math.max(0.01, 2 * raw / (1 + raw))), within(5e-4));

        Files.writeString(manifest, mesonetManifest(CalibrationFile.toJson(new FittedCalibration(
                new PlattCalibration(1, 0, 0.01, false), 5, 4, 1, List.of("other-model"), "", Instant.EPOCH, 5,
                Map.of()))));
        assertThat(Main.execute("score", "--frames", "4", "--model", model.toString(), clip.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("the calibration in the model's manifest", "[other-model]", "[meso.onnx]");
    }
}
