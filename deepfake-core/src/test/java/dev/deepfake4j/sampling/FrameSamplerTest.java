package dev.deepfake4j.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameSamplerTest {
    private static VideoInfo video(long frames, double fps) {
        return VideoInfo.builder().codedSize(1920, 1080).frameCount(frames, true).fps(fps)
                .durationSeconds(frames / fps).build();
    }

    @Test
    void uniformFollowsNumpyLinspaceTruncated() {
        // np.linspace(0, 299, 4, dtype=int) = [0, 99, 199, 299]: 99.666 -> 99, 199.333 -> 199
        assertThat(FrameSampler.uniform(4).plan(video(300, 30)).indices()).containsExactly(0, 99, 199, 299);
        int[] idx = FrameSampler.uniform(32).plan(video(300, 30)).indices();
        assertThat(idx).hasSize(32);
        assertThat(idx[0]).isZero();
        assertThat(idx[31]).isEqualTo(299);
        assertThat(idx[1]).isEqualTo(9); // 299 / 31 = 9.645
        assertThat(idx[16]).isEqualTo(154); // 16 * 9.645 = 154.3
    }

    @Test
    void uniformOnAShortVideoTakesEveryFrameOnce() {
        assertThat(FrameSampler.uniform(32).plan(video(5, 30)).indices()).containsExactly(0, 1, 2, 3, 4);
        assertThat(FrameSampler.uniform(1).plan(video(5, 30)).indices()).containsExactly(0);
        assertThat(FrameSampler.uniform(8).plan(video(0, 30)).indices()).isEmpty();
    }

    @Test
    void everyNthStartsAtZero() {
        assertThat(FrameSampler.everyNth(10).plan(video(35, 30)).indices()).containsExactly(0, 10, 20, 30);
    }

    @Test
    void perSecondPlansTimestampsBelowTheDuration() {
        SamplePlan plan = FrameSampler.perSecond(2).plan(video(75, 30)); // 2.5 s
        assertThat(plan.kind()).isEqualTo(SamplePlan.Kind.TIMESTAMPS);
        assertThat(plan.timestamps()).containsExactly(0.0, 0.5, 1.0, 1.5, 2.0);
    }

    @Test
    void keyframesAndAtPlans() {
        assertThat(FrameSampler.keyframes().plan(video(300, 30)).kind()).isEqualTo(SamplePlan.Kind.KEYFRAMES);
        assertThat(FrameSampler.at(3.0, 1.0, 1.0).plan(video(300, 30)).timestamps()).containsExactly(1.0, 3.0);
    }

    @Test
    void parseRoundTripsTheCliSpellings() {
        for (String spec : new String[] {"uniform:32", "every:10", "fps:1", "keyframes", "fps:0.5"}) {
            assertThat(FrameSampler.parse(spec).toString()).isEqualTo(spec);
        }
        assertThatThrownBy(() -> FrameSampler.parse("uniform:x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uniform:x");
        assertThatThrownBy(() -> FrameSampler.parse("random:3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("random:3");
        assertThatThrownBy(() -> FrameSampler.uniform(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void videoInfoSwapsSidesForQuarterTurns() {
        VideoInfo info = VideoInfo.builder().codedSize(1920, 1080).rotationDegrees(-90).build();
        assertThat(info.rotationDegrees()).isEqualTo(270);
        assertThat(info.width()).isEqualTo(1080);
        assertThat(info.height()).isEqualTo(1920);
        assertThatThrownBy(() -> VideoInfo.builder().rotationDegrees(45)).isInstanceOf(IllegalArgumentException.class);
    }
}
