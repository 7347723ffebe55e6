package dev.deepfake4j.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.FrameResult;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.WindowOptions;
import dev.deepfake4j.WindowReport;
import dev.deepfake4j.WindowedReport;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.testing.FfmpegProgram;
import dev.deepfake4j.testing.TestAssets;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The windowed mode on an input three times as long as a clip (Deepfakes_003_000 looped three times into MPEG-TS by
 * the ffmpeg program of Bytedeco's jar), read as a file and as a live stream piped in: the windows of the first copy
 * are those of the clip alone, the memory held stays one window's, and the stream is read as it arrives, never
 * spooled.
 */
class WindowedLongInputTest {
    private static final WindowOptions WINDOWS = new WindowOptions(4, 6);

    @TempDir
    static Path dir;
    private static Path once;
    private static Path thrice;
    private static VideoInfo clip;

    @BeforeAll
    static void makeInputs() throws Exception {
        TestAssets.require("models/face_detection/yunet/yunet_s_640_640.onnx");
        Path source = TestAssets.require("videos/labelled/ffpp/Deepfakes_003_000.mp4");
        once = FfmpegProgram.loop(source, 1, "mpegts", dir.resolve("once.ts"));
        thrice = FfmpegProgram.loop(source, 3, "mpegts", dir.resolve("thrice.ts"));
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            clip = detector.analyze(source).info();
        }
    }

    private static List<WindowReport> windows(DeepfakeDetector detector, VideoInput input, WindowedReport[] summary)
            throws DeepfakeException {
        List<WindowReport> out = new ArrayList<>();
        summary[0] = detector.analyzeWindows(input, WINDOWS, out::add);
        return out;
    }

    private static void assertSameWindows(List<WindowReport> actual, List<WindowReport> expected, int count) {
        for (int k = 0; k < count; k++) {
            WindowReport a = actual.get(k);
            WindowReport e = expected.get(k);
            assertThat(a.index()).isEqualTo(e.index());
            assertThat(a.frames().stream().map(FrameResult::index).toList())
                    .isEqualTo(e.frames().stream().map(FrameResult::index).toList());
            assertThat(a.pFake()).as("window %d", k).isCloseTo(e.pFake(), within(1e-9));
        }
    }

    @Test
    void aThreeTimesLongerInputIsJudgedWindowByWindowWithOneWindowHeldAtATime() throws Exception {
        WindowedReport[] s1 = new WindowedReport[1];
        WindowedReport[] s3 = new WindowedReport[1];
        List<WindowReport> w1;
        List<WindowReport> w3;
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            w1 = windows(detector, VideoInput.of(once), s1);
            w3 = windows(detector, VideoInput.of(thrice), s3);
        }
        // 3 copies of the clip's frames at its rate: the last frame is shown at (3n - 1) / fps seconds after the
        // first, and windows are 4 s long from the first frame
        assertThat(clip.frameCountExact()).isTrue();
        double lastThrice = (3.0 * clip.frameCount() - 1) / clip.fps();
        assertThat(w3).hasSize((int) Math.floor(lastThrice / 4) + 1);
        assertThat(s3[0].windows()).isEqualTo(w3.size());
        // the first copy's whole windows (12 s = 3 windows) are those of the clip alone, frame for frame
        int whole = (int) Math.floor(clip.frameCount() / clip.fps() / 4);
        assertThat(whole).isEqualTo(3);
        assertSameWindows(w3, w1, whole);
        // memory: a window's frames are dropped once it is reported, whatever the length
        assertThat(s3[0].peakFramesHeld()).isLessThanOrEqualTo(WINDOWS.framesPerWindow());
        assertThat(s3[0].framesSampled()).isGreaterThan(2L * s1[0].framesSampled());
        double max = w3.stream().filter(w -> w.label() != dev.deepfake4j.Label.UNKNOWN)
                .mapToDouble(WindowReport::pFake).max().orElseThrow();
        assertThat(s3[0].pFake()).isCloseTo(max, within(1e-12));
    }

    @Test
    void aLiveStreamPipedInIsReadAsItArrivesAndScoredAsTheFile() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        // a spool limit far below the input's size: spooling it would be refused, so passing proves it was not
        DecodeOptions noRoomToSpool = DecodeOptions.builder().spoolDirectory(spool).spoolLimitBytes(64 * 1024)
                .build();
        assertThat(Files.size(thrice)).isGreaterThan(10L * 64 * 1024);
        WindowedReport[] byFile = new WindowedReport[1];
        WindowedReport[] byPipe = new WindowedReport[1];
        List<WindowReport> file;
        List<WindowReport> piped;
        try (DeepfakeDetector detector = DeepfakeDetector.builder().decodeOptions(noRoomToSpool).build();
                InputStream in = new BufferedInputStream(Files.newInputStream(thrice))) {
            file = windows(detector, VideoInput.of(thrice), byFile);
            piped = windows(detector, VideoInput.of(in, "-"), byPipe);
        }
        assertThat(piped).hasSameSizeAs(file);
        assertSameWindows(piped, file, file.size());
        assertThat(byPipe[0].path()).isEqualTo(Path.of("-"));
        assertThat(byPipe[0].pFake()).isCloseTo(byFile[0].pFake(), within(1e-9));
        try (var left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anMp4WithItsIndexAtTheEndCannotBePipedIntoTheWindowedModeAndTheErrorSaysWhatToPipe() throws Exception {
        byte[] mp4 = Files.readAllBytes(TestAssets.require("videos/labelled/ffpp/Deepfakes_003_000.mp4"));
        assertThat(Mp4Faststart.moovBeforeMdat(mp4)).isFalse();
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            assertThatThrownBy(() -> detector.analyzeWindows(VideoInput.of(new ByteArrayInputStream(mp4), "-"),
                    WINDOWS, w -> { }))
                    .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT);
                        assertThat(e.getMessage()).contains("'-'").contains("MPEG-TS").contains("faststart");
                    });
            // the same video with its index first streams
            List<WindowReport> windows = new ArrayList<>();
            detector.analyzeWindows(VideoInput.of(new ByteArrayInputStream(Mp4Faststart.rewrite(mp4)), "-"),
                    WINDOWS, windows::add);
            assertThat(windows).hasSize((int) Math.floor((clip.frameCount() - 1) / clip.fps() / 4) + 1);
        }
    }
}
