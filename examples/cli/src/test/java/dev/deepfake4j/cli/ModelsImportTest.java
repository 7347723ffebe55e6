package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract {@code deepfake4j models import --family FAMILY CHECKPOINT --out DIR}: it writes
 * {@code DIR/<name>.onnx} and {@code DIR/<name>.json}, and {@code --model DIR/<name>.onnx} then scores with it.
 */
class ModelsImportTest extends ConsoleCapture {
    private static final String EFFNET = "models/checkpoints/effnet/";

    @TempDir
    Path dir;

    @Test
    void anImportedIcprCheckpointScoresAVideoByPath() throws Exception {
        Path checkpoint = TestAssets.require(EFFNET + "polimi_EfficientNetB4_tiny.train_checkpoint.pth");

        assertThat(Main.execute("models", "import", "--family", "icpr2020-efficientnetb4", checkpoint.toString(),
                "--out", dir.toString(), "--name", "icpr-b4-tiny")).as("stderr: %s", err()).isEqualTo(Main.EXIT_OK);
        Path onnx = dir.resolve("icpr-b4-tiny.onnx");
        assertThat(onnx).isRegularFile();
        assertThat(dir.resolve("icpr-b4-tiny.json")).isRegularFile();
        assertThat(out()).contains(onnx.toString(), "GPL-3.0", "--model " + onnx);
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("icpr-b4-tiny.json").toFile());
        assertThat(manifest.get("input").get("resize").asText()).isEqualTo("pad-if-smaller");
        assertThat(manifest.get("input").get("width").asInt()).isEqualTo(224);
        assertThat(manifest.get("output").get("kind").asText()).isEqualTo("logit");
        assertThat(manifest.get("output").get("aggregate").asText()).isEqualTo("logit-mean");

        resetOut();
        assertThat(Main.execute("score", "--json", "--frames", "2", "--model", onnx.toString(),
                TestAssets.require("videos/labelled/ffpp/Deepfakes_003_000.mp4").toString()))
                .as("stderr: %s", err()).isEqualTo(Main.EXIT_OK);
        JsonNode report = new ObjectMapper().readTree(out().lines().filter(l -> !l.isBlank()).findFirst()
                .orElseThrow());
        assertThat(report.has("error")).as("%s", report).isFalse();
        assertThat(report.get("p_fake").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void aNonCommercialFamilyPrintsItsLicence() {
        Path checkpoint = TestAssets.require(EFFNET + "sbi_Detector_tiny.train_checkpoint.tar");

        assertThat(Main.execute("models", "import", "--family", "sbi", checkpoint.toString(), "--out",
                dir.toString())).as("stderr: %s", err()).isEqualTo(Main.EXIT_OK);
        assertThat(dir.resolve("sbi_detector_tiny.train_checkpoint.onnx")).isRegularFile();
        assertThat(err()).contains("LICENCE", "noncommercial research use only");
        assertThat(out()).contains("licence: SBI research licence");
    }

    @Test
    void aCheckpointOfAnotherFamilyIsModelInvalidNamingTheKey() {
        Path checkpoint = TestAssets.require(EFFNET + "sbi_Detector_tiny.train_checkpoint.tar");

        assertThat(Main.execute("models", "import", "--family", "deepfakebench-effnb4", checkpoint.toString(),
                "--out", dir.toString())).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err()).contains("MODEL_INVALID", "backbone.efficientnet._conv_stem.weight");
    }

    @Test
    void theOlderPaddingRuleGivesADifferentModel() throws Exception {
        Path checkpoint = TestAssets.require(EFFNET + "polimi_EfficientNetB4_tiny.raw_state_dict.pth");

        assertThat(Main.execute("models", "import", "--family", "icpr2020-efficientnetb4", checkpoint.toString(),
                "--out", dir.toString(), "--name", "v07")).isEqualTo(Main.EXIT_OK);
        assertThat(Main.execute("models", "import", "--family", "icpr2020-efficientnetb4", checkpoint.toString(),
                "--out", dir.toString(), "--name", "v06", "--efficientnet-pytorch", "0.6")).isEqualTo(Main.EXIT_OK);
        assertThat(java.nio.file.Files.mismatch(dir.resolve("v07.onnx"), dir.resolve("v06.onnx"))).isNotEqualTo(-1L);
        assertThat(Main.execute("models", "import", "--family", "sbi", checkpoint.toString(), "--out",
                dir.toString(), "--efficientnet-pytorch", "0.5")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("0.7 or 0.6");
    }

    @Test
    void anUnknownFamilyIsAUsageErrorListingTheFamilies() {
        assertThat(Main.execute("models", "import", "--family", "xception", "x.pth", "--out", dir.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("xception", "icpr2020-efficientnetautoattb4st", "dfdc-winner");
    }

    @Test
    void modelsListShowsTheIcprEntriesWithTheirLicenceAndThePresets() {
        assertThat(Main.execute("models", "list")).isEqualTo(Main.EXIT_OK);
        String b4 = out().lines().filter(l -> l.startsWith("icpr2020-efficientnetb4-dfdc ")).findFirst()
                .orElseThrow(() -> new AssertionError("no ICPR line in:\n" + out()));
        assertThat(b4).contains("GPL-3.0", "unknown", "https://f002.backblazeb2.com/file/icpr2020/"
                + "EfficientNetB4_DFDC_bestval-c9f3663e2116d3356d056a0ce6453e0fc412a8df68ebd0902f07104d9129a09a.pth");
        assertThat(out().lines().filter(l -> l.startsWith("icpr2020-"))).hasSize(10);
        String ensemble = out().lines().filter(l -> l.startsWith("icpr2020-dfdc ")).findFirst().orElseThrow();
        assertThat(ensemble).contains("preset", "4 models", "GPL-3.0", "icpr2020-efficientnetautoattb4st-dfdc");
    }

    @Test
    void theIcprEnsembleOfflineNamesEveryFileWithItsUrlAndHash() {
        assertThat(Main.execute("score", "--model", "icpr2020-dfdc", "x.mp4")).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err()).contains("MODEL_NOT_FOUND", "icpr2020-dfdc ensemble needs 4 file(s)",
                "EfficientNetAutoAttB4ST_DFDC_bestval-", "https://f002.backblazeb2.com/file/icpr2020/",
                "sha256 4df0ef7d2f380a5955affa78c35d0942ac1cd65229510353b252737775515a33");
    }

    @Test
    void anIcprEntryOfflineNamesTheFileAndTheFolderToPlaceItIn() {
        // tests run offline (DEEPFAKE4J_OFFLINE=1) with the shared assets as mirror, which lacks the weights
        assertThat(Main.execute("score", "--model", "icpr2020-efficientnetb4st-ffpp", "x.mp4"))
                .isEqualTo(Main.EXIT_FAILURE);
        assertThat(err()).contains("MODEL_NOT_FOUND",
                "EfficientNetB4ST_FFPP_bestval-ccd016668071be5bf5fff68e446d055441739ec7113fb1a6eee998f08396ae92.pth",
                "put", "sha256 ccd016668071be5bf5fff68e446d055441739ec7113fb1a6eee998f08396ae92");
    }
}
