package dev.deepfake4j.models.efficientnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.torch.Tensor;
import dev.deepfake4j.testing.TestAssets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A state dict with every key and shape of the winner's released B7 checkpoints
 * ({@code dfdc_b7_state_dict_layout.json}) and constant values: the structure is read from it, every tensor is
 * used, and the graph runs.
 */
class EfficientNetB7LayoutTest {
    private static final float HEAD_BN_BIAS = 0.5f;
    private static final float FC_WEIGHT = 0.001f;
    private static final float FC_BIAS = 0.1f;

    private static Map<String, Tensor> stateDict;
    private static Map<String, int[]> layout;

    @BeforeAll
    static void buildStateDictFromLayout() throws Exception {
        JsonNode json = new ObjectMapper().readTree(TestAssets.require(
                "models/checkpoints/dfdc_b7_state_dict_layout.json").toFile()).get("state_dict");
        layout = new LinkedHashMap<>();
        stateDict = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().substring("module.".length());
            int[] shape = new int[e.getValue().size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().get(i).asInt();
            }
            layout.put(key, shape);
            stateDict.put(key, constant(key, shape));
        }
    }

    /**
     * Batch norms are the identity (γ=1, β=0, μ=0, σ²+ε≈1), convolutions hold 0.01, except the head: its
     * convolution is 0 and its batch-norm bias 0.5, so every feature is SiLU(0.5) whatever the body computes (a
     * NaN or infinity there would still show through 0·x).
     */
    private static Tensor constant(String key, int[] shape) {
        float value;
        if (key.equals("encoder.conv_head.weight")) {
            value = 0;
        } else if (key.equals("encoder.bn2.bias")) {
            value = HEAD_BN_BIAS;
        } else if (key.equals("fc.weight")) {
            value = FC_WEIGHT;
        } else if (key.equals("fc.bias")) {
            value = FC_BIAS;
        } else if (key.endsWith("running_var")) {
            value = 1 - EfficientNetImporter.BATCH_NORM_EPSILON;
        } else if (key.endsWith(".bias") || key.endsWith("running_mean") || key.endsWith("num_batches_tracked")) {
            value = 0;
        } else if (shape.length == 1) {
            value = 1; // batch-norm gamma
        } else {
            value = 0.01f;
        }
        float[] values = new float[Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b))];
        Arrays.fill(values, value);
        return Tensor.of(shape, values);
    }

    @Test
    void structureIsReadFromTheKeysAndShapes() throws Exception {
        EfficientNetArchitecture arch = EfficientNetArchitecture.of(stateDict, "b7 layout");

        // timm tf_efficientnet_b7: depth 3.1 → ceil(r·3.1) for r = 1,2,2,3,3,4,1; width 2.0 → stem 64, head 2560.
        assertThat(arch.repeats()).containsExactly(4, 7, 7, 10, 10, 13, 4);
        assertThat(arch.stemChannels()).isEqualTo(64);
        assertThat(arch.features()).isEqualTo(2560);
        assertThat(arch.variant()).contains("b7");
        assertThat(arch.blocks()).filteredOn(b -> b.index() == 0)
                .extracting(EfficientNetArchitecture.Block::kernel).containsExactly(3, 3, 5, 3, 5, 5, 3);
        assertThat(arch.blocks()).filteredOn(b -> b.index() == 0)
                .extracting(EfficientNetArchitecture.Block::stride).containsExactly(1, 2, 2, 2, 1, 2, 1);
        assertThat(arch.blocks().get(0).kind()).isEqualTo(EfficientNetArchitecture.Kind.DEPTHWISE_SEPARABLE);
        assertThat(arch.blocks().get(4).midChannels()).isEqualTo(32 * 6);
    }

    @Test
    void graphHoldsExactlyTheStateDictsParametersWithBatchNormFolded() throws Exception {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(EfficientNetImporter.toOnnx(stateDict, 380, "b7"));

        long used = 0;
        long batchNormChannels = 0;
        for (Map.Entry<String, int[]> e : layout.entrySet()) {
            String key = e.getKey();
            long n = Arrays.stream(e.getValue()).asLongStream().reduce(1, (a, b) -> a * b);
            if (key.endsWith("num_batches_tracked") || key.startsWith("encoder.classifier.")) {
                continue; // counters and timm's unused ImageNet head
            }
            used += n;
            if (key.endsWith("running_var")) {
                batchNormChannels += n;
            }
        }
        long initializerElements = model.getGraph().getInitializerList().stream()
                .mapToLong(t -> t.getDimsList().stream().reduce(1L, (a, b) -> a * b)).sum();

        // Each batch norm's γ, β, μ, σ² (4 per channel) become one folded bias per channel.
        assertThat(initializerElements).isEqualTo(used - 3 * batchNormChannels);
    }

    @Test
    void graphRunsOnA380PixelInput() throws Exception {
        byte[] onnx = EfficientNetImporter.toOnnx(stateDict, 380, "b7");
        float[] input = new float[3 * 380 * 380];
        Arrays.fill(input, 0.5f);

        float[] logit = OnnxRunner.logits(onnx, input, 1);

        double silu = HEAD_BN_BIAS / (1 + Math.exp(-HEAD_BN_BIAS));
        assertThat((double) logit[0]).isCloseTo(2560 * FC_WEIGHT * silu + FC_BIAS, within(1e-4));
    }

    @Test
    void missingTensorIsNamed() {
        Map<String, Tensor> damaged = new LinkedHashMap<>(stateDict);
        damaged.remove("encoder.blocks.5.12.se.conv_expand.bias");

        DeepfakeException e = catchThrowableOfType(() -> EfficientNetImporter.toOnnx(damaged, 380, "b7.pth"),
                DeepfakeException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("b7.pth").contains("encoder.blocks.5.12.se.conv_expand.bias");
    }

    @Test
    void unexpectedTensorIsNamed() {
        Map<String, Tensor> extended = new LinkedHashMap<>(stateDict);
        extended.put("encoder.extra.weight", Tensor.of(new int[] {1}, new float[] {1}));

        DeepfakeException e = catchThrowableOfType(() -> EfficientNetImporter.toOnnx(extended, 380, "b7.pth"),
                DeepfakeException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("encoder.extra.weight");
    }
}
