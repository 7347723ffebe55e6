package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.testing.TestAssets;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliTest extends ConsoleCapture {
    private final InputStream oldIn = System.in;

    @Test
    void helpListsEverySubcommand() {
        assertThat(Main.execute("--help")).isEqualTo(0);
        assertThat(out()).contains("score", "eval", "frames", "faces", "models");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(Main.execute()).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("a command is required");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(Main.execute("score", "--no-such-option", "x.mp4")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("--no-such-option");
    }

    @Test
    void contradictoryOptionsAreAUsageError() {
        assertThat(Main.execute("score", "--frames", "8", "--sampler", "every:3", "x.mp4")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("--frames and --sampler");
        assertThat(Main.execute("score", "--sampler", "sometimes", "x.mp4")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("sometimes");
    }

    @Test
    void versionNamesTheRelease() {
        assertThat(Main.execute("--version")).isEqualTo(0);
        assertThat(out()).startsWith("deepfake4j ").doesNotContain("${");
    }

    @Test
    void theWinnerPresetOfflineNamesTheCheckpointsToPlaceInTheMirror() {
        // tests run offline (DEEPFAKE4J_OFFLINE=1) with the shared assets as mirror, which lacks the checkpoints
        assertThat(Main.execute("score", "--model", "dfdc-winner", "x.mp4")).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err()).contains("MODEL_NOT_FOUND", "final_555_DeepFakeClassifier_tf_efficientnet_b7_ns_0_19");
    }

    @Test
    void modelsListShowsThePresetsAndAnUnknownSizeAsUnknown() {
        assertThat(Main.execute("models", "list")).isEqualTo(Main.EXIT_OK);
        String winner = out().lines().filter(l -> l.startsWith("dfdc-winner ")).findFirst().orElseThrow(
                () -> new AssertionError("no dfdc-winner line in:\n" + out()));
        assertThat(winner).contains("preset", "7 models", "MIT", "model-mean", "dfdc-b7-111-36", "dfdc-b7-999-23");
        String unpinned = out().lines().filter(l -> l.startsWith("dfdc-b7-111-36 ")).findFirst().orElseThrow();
        assertThat(unpinned).contains(" unknown ").doesNotContain("0.0 kB");
        String pinned = out().lines().filter(l -> l.startsWith("yunet-s ")).findFirst().orElseThrow();
        assertThat(pinned).contains("232.6 kB");
    }

    @Test
    void anUnknownLocatorIsAUsageError() {
        assertThat(Main.execute("faces", "--locator", "nose", "x.jpg")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("'nose'");
    }

    private static final String STDIN_CLIP = "videos/labelled/ffpp/Deepfakes_003_000.mp4";

    private List<String> run(String... args) {
        resetOut();
        Main.execute(args);
        return out().lines().filter(l -> !l.isBlank()).toList();
    }

    /** The contract {@code deepfake4j score -}: one video from standard input, printed with the path {@code -}. */
    @Test
    void scoreDashReadsStandardInputAndPrintsDashAsItsPath() throws Exception {
        Path clip = TestAssets.require(STDIN_CLIP);
        ObjectMapper json = new ObjectMapper();
        JsonNode byPath = json.readTree(run("score", "--json", "--frames", "8", clip.toString()).get(0));

        JsonNode byStdin;
        try (InputStream in = new FileInputStream(clip.toFile())) {
            System.setIn(in);
            List<String> lines = run("score", "--json", "--frames", "8", "-");
            assertThat(lines).as("stderr: %s", err()).hasSize(1);
            byStdin = json.readTree(lines.get(0));
        }
        assertThat(byStdin.get("path").asText()).isEqualTo("-");
        assertThat(byStdin.has("error")).as("%s", byStdin).isFalse();
        assertThat(byStdin.get("p_fake").asDouble()).isCloseTo(byPath.get("p_fake").asDouble(), within(1e-9));
        assertThat(byStdin.get("label").asText()).isEqualTo(byPath.get("label").asText());

        try (InputStream in = new FileInputStream(clip.toFile())) {
            System.setIn(in);
            List<String> text = run("score", "--frames", "8", "-");
            assertThat(text).hasSize(1);
            assertThat(text.get(0)).endsWith("  -")
                    .startsWith(String.format(java.util.Locale.ROOT, "%.4f", byPath.get("p_fake").asDouble()));
        }
    }

    @Test
    void garbageOnStandardInputIsAnErrorLineForDashAndExit3() {
        System.setIn(new ByteArrayInputStream("not a video at all".getBytes(StandardCharsets.UTF_8)));
        resetOut();
        int exit = Main.execute("score", "--json", "--frames", "2", "-");
        assertThat(exit).isEqualTo(Main.EXIT_SOME_FAILED);
        assertThat(out()).contains("\"path\":\"-\"").contains("NOT_A_VIDEO");
    }

    @Test
    void dashTwiceIsAUsageError() {
        assertThat(Main.execute("score", "-", "-")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("once");
    }
}
