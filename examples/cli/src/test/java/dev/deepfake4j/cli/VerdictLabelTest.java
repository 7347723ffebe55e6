package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The verdict column and {@code "label"} of {@code score}: a video without a face is UNKNOWN, never REAL. */
class VerdictLabelTest extends ConsoleCapture {

    @Test
    void colourBarsHaveNoFaceAndAreUnknownInJsonAndText() throws Exception {
        // SMPTE colour bars (SOURCES.md: "no face"); 8 frames keep it quick
        Path bars = TestAssets.require("videos/robustness/moviepy_smpte-2997.mp4");
        assertThat(Main.execute("score", "--json", "--frames", "8", bars.toString())).isEqualTo(0);
        JsonNode line = new ObjectMapper().readTree(out().strip());
        assertThat(line.get("label").asText()).isEqualTo("UNKNOWN");
        assertThat(line.get("p_fake").asDouble()).isEqualTo(0.5);
        assertThat(line.get("tracks")).isEmpty();

        resetOut();
        assertThat(Main.execute("score", "--frames", "8", bars.toString())).isEqualTo(0);
        assertThat(out().strip()).matches("0\\.5000\\s+UNKNOWN\\s+.*smpte-2997\\.mp4");
    }

    @Test
    void aClipWithAFaceGetsARealVerdict() throws Exception {
        Path fake = TestAssets.require("videos/labelled/ffpp/Deepfakes_519_515.mp4");
        assertThat(Main.execute("score", "--json", "--frames", "8", fake.toString())).isEqualTo(0);
        JsonNode line = new ObjectMapper().readTree(out().strip());
        assertThat(line.get("label").asText()).isIn("FAKE", "REAL");
        assertThat(line.get("tracks")).isNotEmpty();
    }
}
