package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void withoutATerminalNothingIsWritten() {
        StringWriter err = new StringWriter();
        try (Progress p = Progress.onTerminal(3, new PrintWriter(err))) {
            p.step(Path.of("a.mp4"));
            p.clear();
            p.step(Path.of("b.mp4"));
        }
        if (System.console() == null) { // as under Maven
            assertThat(err.toString()).isEmpty();
        }
    }

    @Test
    void aDrawnBarShowsTheCountAndIsWipedAtTheEnd() {
        StringWriter err = new StringWriter();
        try (Progress p = Progress.drawing(3, new PrintWriter(err))) {
            p.step(Path.of("a.mp4"));
            p.step(Path.of("b.mp4"));
        }
        assertThat(err.toString()).contains("Scoring").contains("/3").endsWith("\r\033[K");
    }

    @Test
    void oneVideoDrawsNoBar() {
        StringWriter err = new StringWriter();
        try (Progress p = Progress.drawing(1, new PrintWriter(err))) {
            p.step(Path.of("a.mp4"));
        }
        assertThat(err.toString()).isEmpty();
    }
}
