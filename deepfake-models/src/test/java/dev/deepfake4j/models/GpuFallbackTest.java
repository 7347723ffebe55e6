package dev.deepfake4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.TrackedFace;
import dev.deepfake4j.models.onnx.ExecutionProvider;
import dev.deepfake4j.models.onnx.OnnxClassifier;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import dev.deepfake4j.models.registry.ModelRegistry;
import dev.deepfake4j.models.registry.RegistryConfig;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.testing.TestAssets;
import dev.deepfake4j.video.opencv.YuNetFaceLocator;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asking for a GPU on a machine without one (this ONNX Runtime build has no CUDA provider): an error when the
 * classifier is opened, i.e. before any detector exists; or, when the caller opted into the fallback, scores on the
 * CPU with the fallback named in every report.
 */
class GpuFallbackTest {
    @TempDir
    Path cache;
    ModelRegistry registry;

    @BeforeEach
    void offlineRegistryOnTheSharedModels() {
        assumeFalse(OnnxSessionOptions.availableProviders().contains(ExecutionProvider.CUDA), "this machine has CUDA");
        registry = ModelRegistry.builder().config(RegistryConfig.builder(cache)
                .mirror(TestAssets.require("models")).offline(true).build()).addBuiltInEntries().build();
    }

    @Test
    void cuda_requested_without_cuda_fails_before_the_detector_is_built() {
        OnnxSessionOptions cuda = OnnxSessionOptions.builder().executionProvider(ExecutionProvider.CUDA).build();
        assertThatThrownBy(() -> registry.openClassifier("mesonet4-df", cuda))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE))
                .hasMessageContaining("CUDA").hasMessageContaining("mesonet").hasMessageContaining("-Pgpu")
                .hasMessageContaining("allowCpuFallback");
    }

    @Test
    void cuda_with_fallback_scores_on_the_cpu_and_the_report_says_so() throws Exception {
        OnnxSessionOptions cuda = OnnxSessionOptions.builder().executionProvider(ExecutionProvider.CUDA)
                .allowCpuFallback(true).build();
        Path video = TestAssets.require("videos/labelled/dfdc/lynaeydofd.mp4");
        try (OnnxClassifier mesonet = registry.openClassifier("mesonet4-df", cuda);
                OnnxClassifier plainCpu = registry.openClassifier("mesonet4-df", OnnxSessionOptions.defaults());
                FaceLocator yunet = YuNetFaceLocator.create(
                        TestAssets.require("models/face_detection/yunet/yunet_s_640_640.onnx"));
                DeepfakeDetector detector = DeepfakeDetector.builder().classifier(mesonet).faceLocator(yunet)
                        .sampler(FrameSampler.uniform(4)).build();
                DeepfakeDetector onCpu = DeepfakeDetector.builder().classifier(plainCpu).faceLocator(yunet)
                        .sampler(FrameSampler.uniform(4)).build()) {
            assertThat(mesonet.executionProvider()).isEqualTo(ExecutionProvider.CPU);
            VideoReport report = detector.analyze(video);
            assertThat(report.facesFound()).isTrue();
            // The fallback is the CPU: every face scores what a classifier opened for the CPU gives it.
            VideoReport expected = onCpu.analyze(video);
            assertThat(faceScores(report)).hasSize(4).containsExactly(faceScores(expected));
            assertThat(report.pFake()).isEqualTo(expected.pFake());
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("Execution provider CUDA was requested").contains("running on the CPU"));
        }
    }

    private static double[] faceScores(VideoReport report) {
        return report.frames().stream().flatMap(f -> f.faces().stream()).mapToDouble(TrackedFace::pFake).toArray();
    }
}
