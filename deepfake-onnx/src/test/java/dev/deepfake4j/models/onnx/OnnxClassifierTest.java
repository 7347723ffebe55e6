package dev.deepfake4j.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.ModelManifestBuilder;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.PositiveClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OnnxClassifier} against tiny generated models whose outputs are worked out by hand.
 *
 * <p>The crop is 2x2 RGB: (x=0,y=0) = (10,20,30), (1,0) = (40,50,60), (0,1) = (70,80,90), (1,1) = (100,110,120).
 * The model weighs two tensor elements: +2 on (channel 0, y 0, x 1) and -1 on (channel 2, y 1, x 0), bias +0.5.
 * Tensor channel 0 is R for an RGB spec and B for a BGR spec.
 * <ul>
 *   <li>Normalisation A: scale 0.01, mean (0.1, 0.2, 0.3), std (0.5, 1, 2).
 *       RGB: R(1,0) = 40 gives (0.4 - 0.1) / 0.5 = 0.6; B(0,1) = 90 gives (0.9 - 0.3) / 2 = 0.3;
 *       z = 2 * 0.6 - 0.3 + 0.5 = 1.4.
 *       BGR: B(1,0) = 60 gives (0.6 - 0.1) / 0.5 = 1.0; R(0,1) = 70 gives (0.7 - 0.3) / 2 = 0.2;
 *       z = 2 * 1.0 - 0.2 + 0.5 = 2.3.</li>
 *   <li>Normalisation B: scale 1, mean 127, std 128. RGB: (40 - 127) / 128 = -0.6796875, (90 - 127) / 128 =
 *       -0.2890625, z = -1.359375 + 0.2890625 + 0.5 = -0.5703125. BGR: (60 - 127) / 128 = -0.5234375,
 *       (70 - 127) / 128 = -0.4453125, z = -1.046875 + 0.4453125 + 0.5 = -0.1015625.</li>
 * </ul>
 * The softmax model has a second class 0 with no weights and bias 0.4, so P(class 1) = sigmoid(z - 0.4).
 */
class OnnxClassifierTest {
    static final float[] MEAN_A = {0.1f, 0.2f, 0.3f};
    static final float[] STD_A = {0.5f, 1f, 2f};
    static final float[] MEAN_B = {127f, 127f, 127f};
    static final float[] STD_B = {128f, 128f, 128f};

    @TempDir
    Path tmp;

    static FaceCrop crop(PixelFormat format, int... rgb) {
        byte[] px = new byte[rgb.length];
        for (int p = 0; p < rgb.length; p += 3) {
            boolean bgr = format == PixelFormat.BGR24;
            px[p] = (byte) rgb[bgr ? p + 2 : p];
            px[p + 1] = (byte) rgb[p + 1];
            px[p + 2] = (byte) rgb[bgr ? p : p + 2];
        }
        int side = (int) Math.round(Math.sqrt(rgb.length / 3.0));
        return new FaceCrop(0, 0, FaceBox.of(0, 0, side, side, 1), side, side, format, px);
    }

    static FaceCrop handCrop() {
        return crop(PixelFormat.RGB24, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120);
    }

    static TinyModel handModel(InputSpec.Layout layout, OutputKind kind) {
        int k = kind == OutputKind.SOFTMAX ? 1 : 0;
        TinyModel m = TinyModel.of(layout, 2, 2, kind == OutputKind.SOFTMAX ? 2 : 1)
                .weight(0, 0, 1, k, 2f)
                .weight(2, 1, 0, k, -1f)
                .bias(k, 0.5f);
        if (kind == OutputKind.SOFTMAX) {
            m.bias(0, 0.4f);
        }
        return kind == OutputKind.PROBABILITY ? m.sigmoid() : m;
    }

    static ModelManifestBuilder manifest(InputSpec.Layout layout, PixelFormat channels, boolean normA, OutputKind kind,
            PositiveClass positive) {
        return ModelManifest.builder("tiny")
                .input("pixels", 2, 2)
                .layout(layout)
                .channels(channels)
                .scale(normA ? 0.01f : 1f)
                .normalization(normA ? MEAN_A : MEAN_B, normA ? STD_A : STD_B)
                .output("score", kind, kind == OutputKind.SOFTMAX ? 1 : 0, positive);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    static Stream<Arguments> everyCombination() {
        List<Arguments> all = new ArrayList<>();
        for (InputSpec.Layout layout : InputSpec.Layout.values()) {
            for (PixelFormat channels : PixelFormat.values()) {
                for (boolean normA : new boolean[] {true, false}) {
                    double z = channels == PixelFormat.RGB24 ? (normA ? 1.4 : -0.5703125) : (normA ? 2.3 : -0.1015625);
                    for (OutputKind kind : OutputKind.values()) {
                        double p = kind == OutputKind.SOFTMAX ? sigmoid(z - 0.4) : sigmoid(z);
                        for (PositiveClass positive : PositiveClass.values()) {
                            double expected = positive == PositiveClass.REAL ? 1 - p : p;
                            all.add(Arguments.of(layout, channels, normA ? "A" : "B", kind, positive, expected));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} norm {2} {3} positive={4} -> {5}")
    @MethodSource("everyCombination")
    void matchesHandArithmetic(InputSpec.Layout layout, PixelFormat channels, String norm, OutputKind kind,
            PositiveClass positive, double expected) throws Exception {
        ModelManifest m = manifest(layout, channels, norm.equals("A"), kind, positive).build();
        try (OnnxClassifier c = OnnxClassifier.builder(m).open(handModel(layout, kind).bytes())) {
            assertThat(c.classify(List.of(handCrop()))[0]).isCloseTo((float) expected, within(1e-5f));
        }
    }

    @Test
    void crop_in_the_other_colour_order_is_swapped_to_the_models() throws Exception {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        FaceCrop bgrCrop = crop(PixelFormat.BGR24, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120);
        try (OnnxClassifier c = OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT)
                .bytes())) {
            assertThat(c.classify(List.of(bgrCrop))[0]).isCloseTo((float) sigmoid(1.4), within(1e-5f));
        }
    }

    @Test
    void float16_input_model_is_fed_half_precision() throws Exception {
        ModelManifest m = manifest(InputSpec.Layout.NHWC, PixelFormat.RGB24, false, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        byte[] model = handModel(InputSpec.Layout.NHWC, OutputKind.LOGIT).float16Input().bytes();
        try (OnnxClassifier c = OnnxClassifier.builder(m).open(model)) {
            // -0.6796875 and -0.2890625 are exact in float16, so the only rounding is in float32 arithmetic
            assertThat(c.classify(List.of(handCrop()))[0]).isCloseTo((float) sigmoid(-0.5703125), within(1e-5f));
        }
    }

    @Test
    void each_crop_of_a_batch_gets_its_own_score_in_order() throws Exception {
        // z = 2 * R(1,0)/100 - B(0,1)/100 + 0.5 with normalisation scale 0.01, mean 0, std 1
        ModelManifest m = ModelManifest.builder("tiny").input("pixels", 2, 2).scale(0.01f)
                .output("score", OutputKind.LOGIT, 0, PositiveClass.FAKE).build();
        FaceCrop a = crop(PixelFormat.RGB24, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0); // z = 2.5
        FaceCrop b = crop(PixelFormat.RGB24, 0, 0, 0, 0, 0, 0, 0, 0, 200, 0, 0, 0); // z = -1.5
        FaceCrop zero = crop(PixelFormat.RGB24, new int[12]); // z = 0.5
        try (OnnxClassifier c = OnnxClassifier.builder(m).maxBatchSize(2)
                .open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT).bytes())) {
            float[] p = c.classify(List.of(a, b, zero, a, b));
            assertThat(p).containsExactly(new float[] {(float) sigmoid(2.5), (float) sigmoid(-1.5),
                    (float) sigmoid(0.5), (float) sigmoid(2.5), (float) sigmoid(-1.5)}, within(1e-6f));
        }
    }

    @Test
    void model_with_a_fixed_batch_of_one_is_run_crop_by_crop() throws Exception {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        // asked for 8 (the CPU's default is 1 anyway): the model's fixed batch caps it
        try (OnnxClassifier c = OnnxClassifier.builder(m).maxBatchSize(8)
                .open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT).fixedBatch(1).bytes())) {
            assertThat(c.maxBatchSize()).isEqualTo(1);
            float p = (float) sigmoid(1.4);
            assertThat(c.classify(List.of(handCrop(), handCrop(), handCrop())))
                    .containsExactly(new float[] {p, p, p}, within(1e-5f));
        }
    }

    @Test
    void model_with_a_fixed_batch_fills_it_by_default_and_a_cpu_model_without_one_runs_crop_by_crop()
            throws Exception {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        float p = (float) sigmoid(1.4);
        // all 3 rows of a fixed batch are computed anyway: 5 crops go as 3 + 2 (and a padding row), not 5 runs
        try (OnnxClassifier c = OnnxClassifier.builder(m)
                .open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT).fixedBatch(3).bytes())) {
            assertThat(c.maxBatchSize()).isEqualTo(3);
            assertThat(c.classify(List.of(handCrop(), handCrop(), handCrop(), handCrop(), handCrop())))
                    .containsExactly(new float[] {p, p, p, p, p}, within(1e-5f));
        }
        try (OnnxClassifier c = OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT)
                .bytes())) {
            assertThat(c.maxBatchSize()).isEqualTo(OnnxClassifier.CPU_DEFAULT_MAX_BATCH_SIZE).isEqualTo(1);
        }
    }

    @Test
    void empty_list_gives_no_scores() throws Exception {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        try (OnnxClassifier c = OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT)
                .bytes())) {
            assertThat(c.classify(List.of())).isEmpty();
        }
    }

    @Test
    void opens_a_model_file_with_the_manifest_beside_it() throws Exception {
        Path model = tmp.resolve("tiny.onnx");
        Files.write(model, handModel(InputSpec.Layout.NHWC, OutputKind.PROBABILITY).bytes());
        manifest(InputSpec.Layout.NHWC, PixelFormat.BGR24, true, OutputKind.PROBABILITY, PositiveClass.REAL).build()
                .write(tmp.resolve("tiny.json"));
        try (OnnxClassifier c = OnnxClassifier.open(model)) {
            assertThat(c.classify(List.of(handCrop()))[0]).isCloseTo((float) (1 - sigmoid(2.3)), within(1e-5f));
            assertThat(c.inputSpec().layout()).isEqualTo(InputSpec.Layout.NHWC);
        }
    }

    @Test
    void missing_model_file_is_model_not_found() {
        Path missing = tmp.resolve("nope.onnx");
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        assertThatThrownBy(() -> OnnxClassifier.open(missing, m))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void corrupt_model_file_is_model_invalid() throws Exception {
        Path corrupt = tmp.resolve("corrupt.onnx");
        byte[] good = handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT).bytes();
        Files.write(corrupt, java.util.Arrays.copyOf(good, good.length / 2));
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        assertThatThrownBy(() -> OnnxClassifier.open(corrupt, m))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining(corrupt.toString());
    }

    @Test
    void manifest_input_name_not_in_model_lists_the_models_inputs() {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).input("image", 2, 2).build();
        assertThatThrownBy(() -> OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT)
                .bytes()))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining("'image'").hasMessageContaining("[pixels]");
    }

    @Test
    void manifest_output_name_not_in_model_lists_the_models_outputs() {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).output("prob", OutputKind.LOGIT, 0, PositiveClass.FAKE).build();
        assertThatThrownBy(() -> OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT)
                .bytes()))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining("'prob'").hasMessageContaining("[score]");
    }

    @Test
    void manifest_input_size_other_than_the_models_is_model_invalid() {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).input("pixels", 3, 3).build();
        assertThatThrownBy(() -> OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT)
                .bytes()))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining("[-1, 3, 2, 2]").hasMessageContaining("3x3");
    }

    @Test
    void manifest_layout_other_than_the_models_is_model_invalid() {
        ModelManifest m = manifest(InputSpec.Layout.NHWC, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).input("pixels", 4, 4).build();
        byte[] nchw4 = TinyModel.of(InputSpec.Layout.NCHW, 4, 4, 1).bytes();
        assertThatThrownBy(() -> OnnxClassifier.builder(m).open(nchw4))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining("NHWC");
    }

    @Test
    void output_index_beyond_the_models_classes_is_model_invalid() {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.SOFTMAX,
                PositiveClass.FAKE).output("score", OutputKind.SOFTMAX, 2, PositiveClass.FAKE).build();
        assertThatThrownBy(() -> OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.SOFTMAX)
                .bytes()))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining("output.index 2");
    }

    @Test
    void crop_of_the_wrong_size_is_rejected_naming_both_sizes() throws Exception {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        try (OnnxClassifier c = OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT)
                .bytes())) {
            FaceCrop big = crop(PixelFormat.RGB24, new int[27]);
            assertThatThrownBy(() -> c.classify(List.of(big))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3x3").hasMessageContaining("2x2");
        }
    }

    @Test
    void classify_after_close_fails_with_closed() throws Exception {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        OnnxClassifier c = OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT).bytes());
        c.close();
        c.close();
        assertThatThrownBy(() -> c.classify(List.of(handCrop()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void unavailable_gpu_provider_is_a_backend_failure_naming_it_and_the_gpu_profile() {
        org.junit.jupiter.api.Assumptions.assumeFalse(OnnxSessionOptions.availableProviders()
                .contains(ExecutionProvider.CUDA), "this ONNX Runtime build has CUDA");
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        OnnxSessionOptions cuda = OnnxSessionOptions.builder().executionProvider(ExecutionProvider.CUDA).build();
        assertThatThrownBy(() -> OnnxClassifier.builder(m).sessionOptions(cuda)
                .open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT).bytes()))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.BACKEND_FAILURE))
                .hasMessageContaining("CUDA").hasMessageContaining("'gpu'");
    }

    @Test
    void unavailable_gpu_provider_with_fallback_runs_on_the_cpu() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(OnnxSessionOptions.availableProviders()
                .contains(ExecutionProvider.TENSOR_RT), "this ONNX Runtime build has TensorRT");
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        OnnxSessionOptions trt = OnnxSessionOptions.builder().executionProvider(ExecutionProvider.TENSOR_RT)
                .allowCpuFallback(true).intraOpThreads(1).graphOptimization(GraphOptimization.BASIC).build();
        try (OnnxClassifier c = OnnxClassifier.builder(m).sessionOptions(trt)
                .open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT).bytes())) {
            assertThat(c.classify(List.of(handCrop()))[0]).isCloseTo((float) sigmoid(1.4), within(1e-5f));
            assertThat(c.executionProvider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(c.warnings()).singleElement().asString().contains("TENSOR_RT").contains("running on the CPU");
        }
    }

    @Test
    void the_requested_provider_runs_without_warnings() throws Exception {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        try (OnnxClassifier c = OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT)
                .bytes())) {
            assertThat(c.executionProvider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(c.warnings()).isEmpty();
        }
    }

    @Test
    void pinned_output_buffers_are_reused_across_batch_sizes_on_one_thread() throws Exception {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        try (OnnxClassifier c = OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT)
                .bytes())) {
            float[] three = c.classify(List.of(handCrop(), handCrop(), handCrop()));
            float[] one = c.classify(List.of(handCrop()));
            assertThat(three).containsOnly((float) sigmoid(1.4));
            assertThat(one).containsExactly((float) sigmoid(1.4));
        }
    }

    @Test
    void face_detector_manifest_cannot_open_a_classifier() {
        ModelManifest m = manifest(InputSpec.Layout.NCHW, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).task(dev.deepfake4j.models.manifest.ModelTask.FACE_DETECTOR).build();
        assertThatThrownBy(() -> OnnxClassifier.builder(m).open(handModel(InputSpec.Layout.NCHW, OutputKind.LOGIT)
                .bytes()))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining("face-detector");
    }
}
