package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.Label;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.WindowOptions;
import dev.deepfake4j.WindowReport;
import dev.deepfake4j.testing.FfmpegProgram;
import dev.deepfake4j.testing.TestAssets;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score --window}: a line per window as it is scored, then the video's, for a file and for a live stream piped
 * in (MPEG-TS, read as it arrives); the numbers are the library's {@code analyzeWindows} on the same input.
 */
class WindowOptionTest extends ConsoleCapture {
    private static final String CLIP = "videos/labelled/ffpp/Deepfakes_003_000.mp4";
    private final InputStream oldIn = System.in;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @AfterEach
    void restoreIn() {
        System.setIn(oldIn);
    }

    private List<JsonNode> run(String... args) throws Exception {
        resetOut();
        int exit = Main.execute(args);
        assertThat(exit).as("stderr: %s", err()).isEqualTo(Main.EXIT_OK);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out().lines().filter(l -> !l.isBlank()).toList()) {
            lines.add(json.readTree(line));
        }
        return lines;
    }

    @Test
    void aFileAndAStreamPipedInPrintEachWindowThenTheVideo() throws Exception {
        TestAssets.require("models/face_detection/yunet/yunet_s_640_640.onnx");
        Path clip = TestAssets.require(CLIP);
        Path ts = FfmpegProgram.loop(clip, 2, "mpegts", dir.resolve("twice.ts"));
        List<WindowReport> expected = new ArrayList<>();
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            detector.analyzeWindows(VideoInput.of(ts), new WindowOptions(4, 5), expected::add);
        }
        List<JsonNode> byFile = run("score", "--json", "--window", "4", "--window-frames", "5", ts.toString());
        List<JsonNode> byPipe;
        try (InputStream in = Files.newInputStream(ts)) {
            System.setIn(in);
            byPipe = run("score", "--json", "--window", "4", "--window-frames", "5", "-");
        }
        for (List<JsonNode> lines : List.of(byFile, byPipe)) {
            assertThat(lines).hasSize(expected.size() + 1);
            double worst = 0;
            for (int k = 0; k < expected.size(); k++) {
                JsonNode w = lines.get(k);
                assertThat(w.get("window").get("index").asLong()).isEqualTo(expected.get(k).index());
                assertThat(w.get("p_fake").asDouble()).isCloseTo(expected.get(k).pFake(), within(1e-4));
                assertThat(w.get("frames")).hasSize(expected.get(k).frames().size());
                if (expected.get(k).label() != Label.UNKNOWN) {
                    worst = Math.max(worst, expected.get(k).pFake());
                }
            }
            JsonNode video = lines.get(expected.size());
            assertThat(video.get("windows").asLong()).isEqualTo(expected.size());
            assertThat(video.get("p_fake").asDouble()).isCloseTo(worst, within(1e-4));
        }
        assertThat(byPipe.get(0).get("path").asText()).isEqualTo("-");
    }

    @Test
    void anMp4WithItsIndexAtTheEndPipedInFailsSayingWhatToPipe() throws Exception {
        try (InputStream in = Files.newInputStream(TestAssets.require(CLIP))) {
            System.setIn(in);
            int exit = Main.execute("score", "--window", "4", "-");
            assertThat(exit).isEqualTo(Main.EXIT_SOME_FAILED);
        }
        assertThat(out()).contains("ERROR").contains("-");
        assertThat(err()).contains("UNSUPPORTED_INPUT").contains("MPEG-TS");
    }

    @Test
    void badWindowValuesAndAReportAreUsageErrors() {
        assertThat(Main.execute("score", "--window", "0", "x.mp4")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("windowSeconds");
        assertThat(Main.execute("score", "--window", "5", "--report", "r.html", "x.mp4")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("--report");
    }
}
