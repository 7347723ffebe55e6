package dev.deepfake4j.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.testing.LoopbackHttpServer;
import dev.deepfake4j.testing.TestAssets;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same video, same score: one labelled clip scored by the default detector as a path, as bytes, as a non-seekable
 * stream (spooled) and over loopback HTTP gives its golden p_fake (within the default's 0.015) and exactly the same p_fake each
 * way, with its {@code moov} index at the end (as shipped) and rewritten to the front ({@link Mp4Faststart}).
 */
class InputKindsScoreTest {
    private static final GoldenScoresTest.Golden CLIP = GoldenScoresTest.of("ffpp/Deepfakes_003_000.mp4");

    @TempDir
    static Path spoolDir;
    private static DeepfakeDetector detector;

    @BeforeAll
    static void build() throws Exception {
        TestAssets.require("models/face_detection/yunet/yunet_s_640_640.onnx");
        TestAssets.require("models/deepfake/mesonet/Meso4_DF.h5");
        detector = DeepfakeDetector.builder().allowProtocols(Set.of("http"))
                .decodeOptions(DecodeOptions.builder().spoolDirectory(spoolDir).build()).build();
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void moovAtTheEnd() throws Exception {
        Path file = TestAssets.require("videos/labelled/" + CLIP.clip());
        assertThat(Mp4Faststart.moovBeforeMdat(Files.readAllBytes(file))).isFalse();
        everyWayGivesTheGoldenScore(file);
    }

    @Test
    void faststart(@TempDir Path dir) throws Exception {
        byte[] rewritten = Mp4Faststart.rewrite(Files.readAllBytes(TestAssets.require("videos/labelled/" + CLIP.clip())));
        assertThat(Mp4Faststart.moovBeforeMdat(rewritten)).isTrue();
        Path file = Files.write(dir.resolve("faststart.mp4"), rewritten);
        everyWayGivesTheGoldenScore(file);
    }

    private void everyWayGivesTheGoldenScore(Path file) throws Exception {
        VideoReport byPath = detector.analyze(file);
        assertThat(byPath.pFake()).isCloseTo(CLIP.pFake(), within(GoldenScoresTest.DEFAULT_TOLERANCE));

        VideoReport byBytes = detector.analyze(VideoInput.of(ByteBuffer.wrap(Files.readAllBytes(file)), "upload.mp4"));
        VideoReport byStream;
        try (InputStream in = new FilterInputStream(new FileInputStream(file.toFile())) {
        }) {
            byStream = detector.analyze(VideoInput.of(in, "-"));
        }
        VideoReport byHttp;
        try (LoopbackHttpServer http = LoopbackHttpServer.serving(file)) {
            byHttp = detector.analyze(VideoInput.of(http.uri("clip.mp4")));
        }
        assertThat(byBytes.path()).isEqualTo(Path.of("upload.mp4"));
        assertThat(byStream.path()).isEqualTo(Path.of("-"));
        for (VideoReport r : new VideoReport[] {byBytes, byStream, byHttp}) {
            assertThat(r.pFake()).as("%s", r.path()).isCloseTo(byPath.pFake(), within(1e-9));
            assertThat(r.tracks()).hasSize(1);
            assertThat(r.tracks().get(0).faces()).hasSize(32);
        }
        try (Stream<Path> left = Files.list(spoolDir)) {
            assertThat(left).as("spool files left").isEmpty();
        }
    }
}
