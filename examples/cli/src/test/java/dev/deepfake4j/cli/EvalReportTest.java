package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --report} and {@code score --report}: a page that cannot be written loses no score; a negative map
 * count is a usage error; {@code score} writes cards without a summary.
 */
class EvalReportTest extends ConsoleCapture {
    @TempDir
    Path dir;

    @Test
    void aReportThatCannotBeWrittenIsAnErrorLineAndTheScoresAndMetricsAreStillPrinted() throws IOException {
        Path clip = TestAssets.require("videos/labelled/dfdc/lynaeydofd.mp4");
        Path labels = Files.writeString(dir.resolve("metadata.json"), "{\"lynaeydofd.mp4\": {\"label\": \"REAL\"}}");
        Path page = Files.writeString(dir.resolve("a-file"), "").resolve("report.html"); // its folder is a file
        int exit = Main.execute("eval", "--labels", labels.toString(), "--frames", "2", "--maps-per-track", "0",
                "--report", page.toString(), clip.getParent().toString());
        assertThat(exit).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err()).contains("report not written to " + page);
        assertThat(out()).containsPattern("\\d\\.\\d{4}  (FAKE|REAL|UNKNOWN)  REAL  lynaeydofd.mp4")
                .contains("videos     1 scored, 0 failed", "log_loss");
        assertThat(Files.isRegularFile(page)).isFalse();
    }

    @Test
    void aNegativeMapCountIsAUsageErrorBeforeAnythingIsScored() throws IOException {
        Path labels = Files.writeString(dir.resolve("metadata.json"), "{\"a.mp4\": {\"label\": \"REAL\"}}");
        assertThat(Main.execute("eval", "--labels", labels.toString(), "--maps-per-track", "-1", "--report",
                dir.resolve("r.html").toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("--maps-per-track must not be negative: -1");
        assertThat(out()).doesNotContain("a.mp4");
    }

    @Test
    void scoreWritesCardsWithCropsAndMapsButNoSummary() throws IOException {
        Path clip = TestAssets.require("videos/labelled/dfdc/lynaeydofd.mp4");
        Path page = dir.resolve("score.html");
        assertThat(Main.execute("score", "--frames", "2", "--report", page.toString(), clip.toString()))
                .isEqualTo(Main.EXIT_OK);
        String html = Files.readString(page);
        assertThat(html).contains("id=\"card-0\"", "lynaeydofd.mp4", "<svg class=\"overlay\"", "class=\"crop\"")
                .doesNotContain("class=\"summary\"", "truth REAL");
        assertThat(err()).contains("report written to " + page);
    }
}
