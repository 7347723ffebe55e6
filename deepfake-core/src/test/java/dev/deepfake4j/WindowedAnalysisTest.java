package dev.deepfake4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.spi.Components;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowedAnalysisTest {
    private final FakePipeline.Decoder decoder = new FakePipeline.Decoder();

    private DeepfakeDetector detector(FakePipeline.Locator locator, FakePipeline.ByteClassifier classifier)
            throws DeepfakeException {
        return DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper()).faceLocator(locator)
                .classifier(classifier).components(Components.of(List.of())).aggregation(Aggregation.mean())
                .noFacePrior(0.3).build();
    }

    /** Finds one face except in frames 40..59 (window 2 of 2-second windows at 10 fps). */
    private static FakePipeline.Locator noFaceFrom40To59() {
        return new FakePipeline.Locator(FaceBox.of(2, 2, 10, 10, 0.9)) {
            @Override
            public List<FaceBox> locate(Frame frame) {
                int index = frame.sample(0, 0, 0);
                return index >= 40 && index < 60 ? List.of() : boxes;
            }
        };
    }

    @Test
    void windowsFramesScoresAndRunningScoreAreAsWorkedOutByHand() throws Exception {
        // 100 frames at 10 fps = 10 s; 2 s windows of 4 frames: window k takes frames 20k, 20k+5, 20k+10, 20k+15.
        // P(fake) of frame i = 1 - i/100, mean per window = 1 - (80k + 30)/400 = 0.925 - 0.2k.
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 1 - b / 100.0);
        List<WindowReport> reports = new ArrayList<>();
        WindowedReport summary;
        try (DeepfakeDetector d = detector(noFaceFrom40To59(), classifier)) {
            summary = d.analyzeWindows(VideoInput.of(Path.of("100-frames.mp4")), new WindowOptions(2.0, 4),
                    reports::add);
        }
        assertThat(reports).extracting(WindowReport::index).containsExactly(0L, 1L, 2L, 3L, 4L);
        for (WindowReport r : reports) {
            int k = (int) r.index();
            assertThat(r.startSeconds()).isCloseTo(2.0 * k, within(1e-9));
            assertThat(r.endSeconds()).isCloseTo(2.0 * k + 2, within(1e-9));
            assertThat(r.frames()).extracting(FrameResult::index)
                    .containsExactly(20 * k, 20 * k + 5, 20 * k + 10, 20 * k + 15);
            assertThat(r.frames()).extracting(FrameResult::ptsSeconds)
                    .containsExactly(2.0 * k, 2.0 * k + 0.5, 2.0 * k + 1.0, 2.0 * k + 1.5);
            if (k == 2) {
                assertThat(r.label()).isEqualTo(Label.UNKNOWN);
                assertThat(r.pFake()).isEqualTo(0.3);
                assertThat(r.faceCount()).isZero();
                assertThat(r.warning()).isPresent();
            } else {
                assertThat(r.pFake()).isCloseTo(0.925 - 0.2 * k, within(1e-6));
                assertThat(r.faceCount()).isEqualTo(4);
                assertThat(r.warning()).isEmpty();
            }
            // the running score is the max so far: window 0's, 0.925
            assertThat(r.runningPFake()).isCloseTo(0.925, within(1e-6));
            assertThat(r.runningLabel()).isEqualTo(Label.FAKE);
        }
        assertThat(reports.get(0).label()).isEqualTo(Label.FAKE);
        assertThat(reports.get(4).label()).isEqualTo(Label.REAL); // 0.125
        assertThat(summary.windows()).isEqualTo(5);
        assertThat(summary.judgedWindows()).isEqualTo(4);
        assertThat(summary.framesSampled()).isEqualTo(20);
        assertThat(summary.faces()).isEqualTo(16);
        assertThat(summary.pFake()).isCloseTo(0.925, within(1e-6));
        assertThat(summary.label()).isEqualTo(Label.FAKE);
        assertThat(summary.firstSeconds()).isZero();
        assertThat(summary.lastSeconds()).isCloseTo(10.0, within(1e-9));
        assertThat(decoder.closed.get()).isEqualTo(decoder.open.get());
    }

    @Test
    void theRunningScoreRisesWithALaterFakeWindow() throws Exception {
        // P(fake) = i/100: windows 0.075, 0.275, UNKNOWN, 0.675, 0.875; running max 0.075, 0.275, 0.275, 0.675, 0.875
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> b / 100.0);
        List<WindowReport> reports = new ArrayList<>();
        try (DeepfakeDetector d = detector(noFaceFrom40To59(), classifier)) {
            d.analyzeWindows(VideoInput.of(Path.of("100-frames.mp4")), new WindowOptions(2.0, 4), reports::add);
        }
        assertThat(reports).extracting(WindowReport::runningPFake).usingComparatorForType(
                (a, b) -> Math.abs(a - b) < 1e-6 ? 0 : Double.compare(a, b), Double.class)
                .containsExactly(0.075, 0.275, 0.275, 0.675, 0.875);
        assertThat(reports).extracting(WindowReport::runningLabel)
                .containsExactly(Label.REAL, Label.REAL, Label.REAL, Label.FAKE, Label.FAKE);
    }

    @Test
    void withoutAnyFaceEveryWindowAndTheVideoAreUnknownAtThePrior() throws Exception {
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 1.0);
        List<WindowReport> reports = new ArrayList<>();
        WindowedReport summary;
        try (DeepfakeDetector d = detector(new FakePipeline.Locator(), classifier)) {
            summary = d.analyzeWindows(VideoInput.of(Path.of("30-frames.mp4")), new WindowOptions(1.0, 2),
                    reports::add);
        }
        assertThat(reports).hasSize(3).allSatisfy(r -> {
            assertThat(r.label()).isEqualTo(Label.UNKNOWN);
            assertThat(r.runningLabel()).isEqualTo(Label.UNKNOWN);
            assertThat(r.runningPFake()).isEqualTo(0.3);
        });
        assertThat(summary.label()).isEqualTo(Label.UNKNOWN);
        assertThat(summary.pFake()).isEqualTo(0.3);
        assertThat(summary.judgedWindows()).isZero();
        assertThat(classifier.batches).isEmpty();
    }

    @Test
    void fiveHundredWindowsHoldAtMostOneWindowOfFrames() throws Exception {
        // 5000 frames at 10 fps, 1 s windows of 4 frames: 500 windows, 2000 frames; the listener keeps nothing
        var classifier = new FakePipeline.ByteClassifier(2, 8, b -> 0.6);
        AtomicLong seen = new AtomicLong();
        AtomicLong maxFramesInAReport = new AtomicLong();
        WindowedReport summary;
        try (DeepfakeDetector d = detector(new FakePipeline.Locator(FaceBox.of(2, 2, 10, 10, 0.9)), classifier)) {
            summary = d.analyzeWindows(VideoInput.of(Path.of("5000-frames.mp4")), new WindowOptions(1.0, 4), r -> {
                seen.incrementAndGet();
                maxFramesInAReport.accumulateAndGet(r.frames().size(), Math::max);
            });
        }
        assertThat(seen.get()).isEqualTo(500);
        assertThat(summary.windows()).isEqualTo(500);
        assertThat(summary.framesSampled()).isEqualTo(2000);
        assertThat(maxFramesInAReport.get()).isEqualTo(4);
        // what the detector held at once never exceeded one window's frames, however many windows went through
        assertThat(summary.peakFramesHeld()).isBetween(1, 4);
        // the summary is counters only: every component is a scalar, a label, a path, or the (empty) warnings
        assertThat(summary.warnings()).isEmpty();
        assertThat(WindowedReport.class.getRecordComponents()).allSatisfy(c -> assertThat(c.getType())
                .isIn(long.class, int.class, double.class, Label.class, Path.class, List.class));
    }

    @Test
    void aListenerFailureStopsTheRunAndIsRethrownAsItWas() throws Exception {
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 0.5);
        List<WindowReport> reports = new ArrayList<>();
        try (DeepfakeDetector d = detector(new FakePipeline.Locator(FaceBox.of(2, 2, 10, 10, 0.9)), classifier)) {
            assertThatThrownBy(() -> d.analyzeWindows(VideoInput.of(Path.of("100-frames.mp4")),
                    new WindowOptions(2.0, 4), r -> {
                        reports.add(r);
                        if (r.index() == 1) {
                            throw new IllegalStateException("listener gave up");
                        }
                    })).isInstanceOf(IllegalStateException.class).hasMessage("listener gave up");
        }
        assertThat(reports).hasSize(2);
        assertThat(decoder.closed.get()).isEqualTo(decoder.open.get());
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new WindowOptions(0, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windowSeconds");
        assertThatThrownBy(() -> new WindowOptions(5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("framesPerWindow");
        assertThat(WindowOptions.defaults()).isEqualTo(new WindowOptions(10, 32));
    }
}
