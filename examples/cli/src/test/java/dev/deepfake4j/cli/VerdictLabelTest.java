package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.testing.TestAssets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verdict column and {@code "label"} of {@code score}: a video without a face is UNKNOWN, never REAL. */
class VerdictLabelTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldOut;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
    }

    @Test
    void colourBarsHaveNoFaceAndAreUnknownInJsonAndText() throws Exception {
        // SMPTE colour bars (SOURCES.md: "no face"); 8 frames keep it quick
        Path bars = TestAssets.require("videos/robustness/moviepy_smpte-2997.mp4");
        assertThat(Main.execute("score", "--json", "--frames", "8", bars.toString())).isEqualTo(0);
        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(line.get("label").asText()).isEqualTo("UNKNOWN");
        assertThat(line.get("p_fake").asDouble()).isEqualTo(0.5);
        assertThat(line.get("tracks")).isEmpty();

        out.reset();
        assertThat(Main.execute("score", "--frames", "8", bars.toString())).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).matches("0\\.5000\\s+UNKNOWN\\s+.*smpte-2997\\.mp4");
    }

    @Test
    void aClipWithAFaceGetsARealVerdict() throws Exception {
        Path fake = TestAssets.require("videos/labelled/ffpp/Deepfakes_519_515.mp4");
        assertThat(Main.execute("score", "--json", "--frames", "8", fake.toString())).isEqualTo(0);
        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(line.get("label").asText()).isIn("FAKE", "REAL");
        assertThat(line.get("tracks")).isNotEmpty();
    }
}
