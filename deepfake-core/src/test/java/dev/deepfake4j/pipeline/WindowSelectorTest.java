package dev.deepfake4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.WindowOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowSelectorTest {

    private static List<Integer> selected(WindowSelector s, int frames, double fps, double offset) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            if (s.select(i, offset + i / fps)) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void tenFpsTwoSecondWindowsOfFourFramesTakeEveryFifthFrame() {
        // instants 0, .5, 1, 1.5 | 2, 2.5, 3, 3.5 | ... -> frames at 0.0, 0.5, 1.0, ... = indices 0, 5, 10, ...
        WindowSelector s = new WindowSelector(new WindowOptions(2.0, 4));
        assertThat(selected(s, 42, 10, 0)).containsExactly(0, 5, 10, 15, 20, 25, 30, 35, 40);
        assertThat(s.windowOf(1.9)).isZero();
        assertThat(s.windowOf(2.0)).isEqualTo(1);
        assertThat(s.windowOf(3.95)).isEqualTo(1);
        assertThat(s.startOf(1)).isEqualTo(2.0);
        assertThat(s.endOf(1)).isEqualTo(4.0);
    }

    @Test
    void aFrameIsTakenWhenItsTimeCrossesTheNextInstant() {
        // 3 fps: 0, .333, .667, 1, 1.333, 1.667, 2; instants 0, .5 | 1, 1.5 | 2 -> 0, .667, 1, 1.667, 2
        WindowSelector s = new WindowSelector(new WindowOptions(1.0, 2));
        assertThat(selected(s, 7, 3, 0)).containsExactly(0, 2, 3, 5, 6);
    }

    @Test
    void aSlowStreamTakesOneFramePerPassedInstantGroupAndTheOriginIsTheFirstFrame() {
        // 1 fps from t = 100 s, 4 instants per 2 s window (every 0.5 s): every frame crosses an instant, taken once
        WindowSelector s = new WindowSelector(new WindowOptions(2.0, 4));
        assertThat(selected(s, 5, 1, 100)).containsExactly(0, 1, 2, 3, 4);
        assertThat(s.windowOf(101.0)).isZero();
        assertThat(s.windowOf(102.0)).isEqualTo(1);
        assertThat(s.startOf(2)).isEqualTo(104.0);
    }

    @Test
    void oneFramePerWindowTakesTheFirstFrameOfEachWindow() {
        // 25 fps (pts k * 0.04), 1 s windows of 1 frame: frames 0, 25, 50
        WindowSelector s = new WindowSelector(new WindowOptions(1.0, 1));
        assertThat(selected(s, 60, 25, 0)).containsExactly(0, 25, 50);
    }
}
