package dev.deepfake4j.models.efficientnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.models.torch.Tensor;
import dev.deepfake4j.testing.TestAssets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A state dict with every key and shape of each full-size detector ({@code *_state_dict_layout.json}: the layout
 * the released B4 checkpoints carry) and constant values: the structure is read from it, every tensor is used,
 * and the graph runs at the detector's input size.
 */
class EfficientNetPytorchLayoutTest {
    private static final float HEAD_BN_BIAS = 0.5f;
    private static final float FC_WEIGHT = 0.001f;
    private static final float FC_BIAS = 0.1f;

    static Map<String, Tensor> stateDict(String layoutFile) throws Exception {
        JsonNode json = new ObjectMapper().readTree(TestAssets.require(EfficientNetPytorchFixtureTest.DIR
                + layoutFile).toFile());
        Map<String, Tensor> stateDict = new LinkedHashMap<>();
        for (JsonNode entry : json.get("keys")) {
            String key = entry.get("key").asText();
            int[] shape = new int[entry.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = entry.get("shape").get(i).asInt();
            }
            stateDict.put(key, constant(key, shape));
        }
        assertThat(stateDict).hasSize(json.get("num_entries").asInt());
        return stateDict;
    }

    /**
     * Batch norms are the identity, convolutions hold 0.01, except the head convolution (0) and its batch-norm
     * bias (0.5): every feature is swish(0.5) whatever the body computes, while a NaN or infinity in the body
     * would still show through 0·x.
     */
    private static Tensor constant(String key, int[] shape) {
        float value;
        if (key.endsWith("_conv_head.weight")) {
            value = 0;
        } else if (key.endsWith("efficientnet._bn1.bias") || key.equals("net._bn1.bias")) {
            value = HEAD_BN_BIAS;
        } else if (key.matches(".*(classifier|classifier\\.1|_fc|last_layer)\\.weight")) {
            value = FC_WEIGHT;
        } else if (key.matches(".*(classifier|classifier\\.1|_fc|last_layer)\\.bias")) {
            value = FC_BIAS;
        } else if (key.equals("classifier.0.running_var")) {
            value = (float) (1 - EfficientNetPytorchImporter.BATCH_NORM_1D_EPSILON);
        } else if (key.endsWith("running_var")) {
            value = (float) (1 - EfficientNetPytorchImporter.BATCH_NORM_EPSILON);
        } else if (key.endsWith(".bias") || key.endsWith("running_mean") || key.endsWith("num_batches_tracked")) {
            value = 0;
        } else if (shape.length == 1) {
            value = 1;
        } else {
            value = 0.01f;
        }
        float[] values = new float[Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b))];
        Arrays.fill(values, value);
        return Tensor.of(shape, values);
    }

    @ParameterizedTest(name = "{0} at {2}")
    @CsvSource({
        "polimi_EfficientNetB4_state_dict_layout.json, ICPR_B4, 224",
        "polimi_EfficientNetAutoAttB4_state_dict_layout.json, ICPR_AUTOATT_B4, 224",
        "polimi_EfficientNetB4ST_state_dict_layout.json, ICPR_B4_ST, 224",
        "polimi_EfficientNetAutoAttB4ST_state_dict_layout.json, ICPR_AUTOATT_B4_ST, 224",
        "sbi_Detector_state_dict_layout.json, SBI, 380",
        "deepfakebench_effnb4_state_dict_layout.json, DEEPFAKEBENCH_EFFNB4, 256"})
    void fullSizeB4GraphRunsAtItsInputSize(String layout, EfficientNetPytorchDetector detector, int size)
            throws Exception {
        Map<String, Tensor> weights = stateDict(layout);
        EfficientNetPytorchArchitecture arch = EfficientNetPytorchArchitecture.of(weights,
                detector.backbonePrefix(), layout, "test");

        assertThat(arch.stemChannels()).isEqualTo(48);
        assertThat(arch.features()).isEqualTo(1792);
        assertThat(arch.blocks()).hasSize(32);
        int[] repeats = new int[7];
        arch.blocks().forEach(b -> repeats[b.stage()]++);
        assertThat(repeats).containsExactly(2, 4, 4, 6, 6, 8, 2);
        assertThat(arch.lastBlockOfStage(EfficientNetPytorchImporter.ATTENTION_STAGE)).isEqualTo(9);
        assertThat(arch.blocks().get(0).residual()).isFalse();
        assertThat(arch.blocks().get(1).residual()).isTrue();

        byte[] onnx = EfficientNetPytorchImporter.toOnnx(weights, detector, size,
                PaddingRule.STATIC_FROM_NATIVE_SIZE, layout);
        float[] input = new float[3 * size * size];
        Arrays.fill(input, 0.5f);
        Map<String, float[]> out = OnnxRunner.outputs(onnx, input, 1, size);

        double swish = HEAD_BN_BIAS / (1 + Math.exp(-HEAD_BN_BIAS));
        float[] logits = out.get(detector.classes() == 1 ? EfficientNetPytorchImporter.LOGIT_NAME
                : EfficientNetPytorchImporter.LOGITS_NAME);
        assertThat(logits).hasSize(detector.classes());
        for (float logit : logits) {
            assertThat((double) logit).isCloseTo(1792 * FC_WEIGHT * swish + FC_BIAS, within(1e-4));
        }
        if (detector.attention()) {
            float[] map = out.get(EfficientNetPytorchImporter.ATTENTION_NAME);
            assertThat(map).hasSize(28 * 28);
            for (float v : map) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }
}
