package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import org.junit.jupiter.api.Test;

/** Stream timestamps to seconds from the first frame. */
class StreamClockTest {

    @Test
    void seconds_count_from_the_origin_in_one_exact_division() {
        // time base 1/16000, first frame at 1000: 12200 is 11200 ticks later, 11200/16000 = 0.7 exactly as printed
        StreamClock clock = new StreamClock(1, 16000, 1000);
        assertThat(clock.secondsOf(12200)).isEqualTo(0.7);
        assertThat(clock.secondsOf(1000)).isEqualTo(0.0);
    }

    @Test
    void a_time_base_with_a_numerator_scales_ticks() {
        // 1001/30000 (29.97 fps): frame 3 after the origin is 3003/30000 = 0.1001 s
        StreamClock clock = new StreamClock(1001, 30000, 0);
        assertThat(clock.secondsOf(3)).isEqualTo(3003 / 30000.0);
        assertThat(clock.timeBaseSeconds()).isEqualTo(1001 / 30000.0);
    }

    @Test
    void no_timestamp_is_not_a_number() {
        assertThat(new StreamClock(1, 25, 0).secondsOf(AV_NOPTS_VALUE)).isNaN();
    }
}
