package dev.deepfake4j.pipeline;

import static dev.deepfake4j.pipeline.StageFakes.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VideoDeadlineTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void zeroMeansNoLimitEvenLongAfterTheStart() {
        VideoDeadline d = new VideoDeadline(VIDEO, Duration.ZERO, System.nanoTime() - 10 * HOUR);
        assertThat(d.unlimited()).isTrue();
        assertThatCode(d::check).doesNotThrowAnyException();
    }

    @Test
    void aPassedLimitIsCancelledNamingTheVideoAndTheLimit() {
        // 1.5 s allowed, started an hour ago: long past
        VideoDeadline d = new VideoDeadline(VIDEO, Duration.ofMillis(1500), System.nanoTime() - HOUR);
        assertThat(d.unlimited()).isFalse();
        assertThat(d.remainingNanos()).isZero();
        assertThatThrownBy(d::check).isInstanceOfSatisfying(DeepfakeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
            assertThat(e.path()).contains(VIDEO);
            assertThat(e.getMessage()).contains(VIDEO.toString()).contains("1500 ms");
        });
    }

    @Test
    void theLimitCountsFromTheGivenStart() throws DeepfakeException {
        // 2 h allowed, started 1 h ago: between 0 and 1 h left, and not yet over
        VideoDeadline d = new VideoDeadline(VIDEO, Duration.ofHours(2), System.nanoTime() - HOUR);
        d.check();
        assertThat(d.remainingNanos()).isPositive().isLessThanOrEqualTo(HOUR);
    }

    @Test
    void timedOutIsTheSameErrorCheckThrows() {
        DeepfakeException e = new VideoDeadline(VIDEO, Duration.ofSeconds(3), System.nanoTime()).timedOut();
        assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(e.path()).contains(VIDEO);
        assertThat(e.getMessage()).startsWith("Timed out").contains("3000 ms");
    }
}
