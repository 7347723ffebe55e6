package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warning list a source reports: each line once, in arrival order, capped. */
class DecodeWarningsTest {

    @Test
    void a_repeated_line_is_kept_once_in_first_arrival_order() {
        DecodeWarnings warnings = new DecodeWarnings();
        warnings.add("b");
        warnings.add("a");
        warnings.add("b");
        assertThat(warnings.lines()).containsExactly("b", "a");
    }

    @Test
    void lines_beyond_the_cap_are_dropped() {
        DecodeWarnings warnings = new DecodeWarnings();
        for (int i = 0; i < DecodeWarnings.MAX_LINES + 5; i++) {
            warnings.add("line " + i);
        }
        assertThat(warnings.lines()).hasSize(DecodeWarnings.MAX_LINES)
                .startsWith("line 0").endsWith("line " + (DecodeWarnings.MAX_LINES - 1));
    }

    @Test
    void the_returned_list_is_a_snapshot() {
        DecodeWarnings warnings = new DecodeWarnings();
        warnings.add("first");
        var snapshot = warnings.lines();
        warnings.add("second");
        assertThat(snapshot).containsExactly("first");
    }
}
