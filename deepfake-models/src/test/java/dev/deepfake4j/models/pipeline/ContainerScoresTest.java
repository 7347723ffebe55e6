package dev.deepfake4j.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.FrameResult;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.testing.FfmpegProgram;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same frames in another container give the same score: Deepfakes_003_000's video stream remuxed without
 * re-encoding (Bytedeco's ffmpeg program, {@code -c copy}) into MPEG-TS and Matroska is sampled at the same frames
 * and scored as the MP4. MPEG-TS cannot seek precisely; before it was decoded front to back, seeking in it landed
 * seconds late and the clip scored 0.5 on six faceless frames.
 */
class ContainerScoresTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"mpegts", "matroska"})
    void aRemuxedClipIsSampledAtTheSameFramesAndScoresTheSame(String format) throws Exception {
        TestAssets.require("models/face_detection/yunet/yunet_s_640_640.onnx");
        Path mp4 = TestAssets.require("videos/labelled/ffpp/Deepfakes_003_000.mp4");
        Path remuxed = FfmpegProgram.loop(mp4, 1, format, dir.resolve("clip." + format));
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            VideoReport original = detector.analyze(mp4);
            VideoReport other = detector.analyze(remuxed);
            assertThat(other.info().frameCount()).isEqualTo(original.info().frameCount());
            assertThat(other.frames().stream().map(FrameResult::index).toList())
                    .isEqualTo(original.frames().stream().map(FrameResult::index).toList());
            assertThat(other.faceCount()).isEqualTo(original.faceCount());
            assertThat(other.pFake()).isCloseTo(original.pFake(), within(1e-6));
        }
    }
}
