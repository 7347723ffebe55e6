package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.testing.TestAssets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract {@code deepfake4j score -}: one video read from standard input, printed with the path {@code -}. */
class StdinTest {
    private static final String CLIP = "videos/labelled/ffpp/Deepfakes_003_000.mp4";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    private InputStream oldIn;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        oldIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        System.setIn(oldIn);
    }

    private List<String> run(String... args) {
        out.reset();
        Main.execute(args);
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void scoreDashReadsStandardInputAndPrintsDashAsItsPath() throws Exception {
        Path clip = TestAssets.require(CLIP);
        ObjectMapper json = new ObjectMapper();
        JsonNode byPath = json.readTree(run("score", "--json", "--frames", "8", clip.toString()).get(0));

        JsonNode byStdin;
        try (InputStream in = new FileInputStream(clip.toFile())) {
            System.setIn(in);
            List<String> lines = run("score", "--json", "--frames", "8", "-");
            assertThat(lines).as("stderr: %s", err).hasSize(1);
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
        out.reset();
        int exit = Main.execute("score", "--json", "--frames", "2", "-");
        assertThat(exit).isEqualTo(Main.EXIT_SOME_FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"path\":\"-\"").contains("NOT_A_VIDEO");
    }

    @Test
    void dashTwiceIsAUsageError() {
        assertThat(Main.execute("score", "-", "-")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("once");
    }
}
