package dev.deepfake4j.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.FrameResult;
import dev.deepfake4j.Label;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.WindowOptions;
import dev.deepfake4j.WindowReport;
import dev.deepfake4j.WindowedReport;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The windowed mode with the default detector on a real clip (Deepfakes_519_515, 30 s at 25 fps): windows by time,
 * each judged on its own, the running score the maximum so far.
 */
class WindowedScoresTest {
    @Test
    void aClipInFiveSecondWindowsIsJudgedWindowByWindow() throws Exception {
        TestAssets.require("models/face_detection/yunet/yunet_s_640_640.onnx");
        Path clip = TestAssets.require("videos/labelled/ffpp/Deepfakes_519_515.mp4");
        List<WindowReport> windows = new ArrayList<>();
        WindowedReport summary;
        VideoInfo info;
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            info = detector.analyze(clip).info();
            summary = detector.analyzeWindows(VideoInput.of(clip), new WindowOptions(5, 8), windows::add);
        }
        // the probe's frame count and rate (not the windowed code) say when the last frame is shown: 751 frames at
        // 25 fps end at 30.0 s, so windows start at 0, 5, ..., 30 s: 7 of them, the last holding one frame
        assertThat(info.frameCountExact()).isTrue();
        double lastPts = (info.frameCount() - 1) / info.fps();
        int expected = (int) Math.floor(lastPts / 5 + 1e-9) + 1;
        assertThat(windows).hasSize(expected);
        assertThat(expected).isGreaterThanOrEqualTo(2);
        double running = 0;
        for (int k = 0; k < windows.size(); k++) {
            WindowReport w = windows.get(k);
            assertThat(w.startSeconds()).isCloseTo(5.0 * k, within(1e-9));
            assertThat(w.frames()).isNotEmpty().hasSizeLessThanOrEqualTo(8);
            for (FrameResult f : w.frames()) {
                assertThat(f.ptsSeconds()).isBetween(w.startSeconds(), w.endSeconds());
            }
            // one face in every frame of this clip: every window has a verdict of its own
            assertThat(w.label()).isNotEqualTo(Label.UNKNOWN);
            assertThat(w.faceCount()).isEqualTo(w.frames().size());
            running = Math.max(running, w.pFake());
            assertThat(w.runningPFake()).isCloseTo(running, within(1e-12));
        }
        assertThat(summary.windows()).isEqualTo(windows.size());
        assertThat(summary.pFake()).isCloseTo(running, within(1e-12));
        // the clip is a deepfake that the whole-clip score calls FAKE (0.922, docs/golden); so does its worst window
        assertThat(summary.label()).isEqualTo(Label.FAKE);
    }
}
