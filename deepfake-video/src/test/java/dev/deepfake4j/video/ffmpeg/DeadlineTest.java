package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-packet check of a decode's time limit and of thread interruption. */
class DeadlineTest {
    private static final Path VIDEO = Path.of("clip.mp4");

    @Test
    void zero_means_no_limit() {
        Deadline never = Deadline.after(Duration.ZERO);
        assertThat(never.passed()).isFalse();
        assertThatCode(() -> never.check("decoding clip.mp4", VIDEO)).doesNotThrowAnyException();
    }

    @Test
    void a_duration_too_long_for_nanoseconds_means_no_limit() {
        assertThat(Deadline.after(Duration.ofSeconds(Long.MAX_VALUE)).passed()).isFalse();
    }

    @Test
    void a_passed_deadline_is_cancelled_naming_the_work_the_limit_and_the_file() throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofNanos(1));
        Thread.sleep(1);
        assertThatThrownBy(() -> deadline.check("decoding clip.mp4", VIDEO))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
                    assertThat(e.path()).contains(VIDEO);
                })
                .hasMessageContaining("Timed out after 0 ms while decoding clip.mp4 (DecodeOptions.timeout)");
    }

    @Test
    void an_interrupted_thread_is_cancelled_even_without_a_limit() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Deadline.after(Duration.ZERO).check("decoding clip.mp4", VIDEO))
                    .isInstanceOfSatisfying(DeepfakeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        } finally {
            Thread.interrupted(); // clear the flag for the next test
        }
    }
}
