package dev.deepfake4j.models.efficientnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.torch.Tensor;
import dev.deepfake4j.models.torch.TorchCheckpoint;
import dev.deepfake4j.testing.TestAssets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A state dict that does not fit the detector is MODEL_INVALID naming the first key or shape that disagrees. */
class EfficientNetPytorchBadCheckpointTest {
    private static Map<String, Tensor> read(String file) throws Exception {
        return new LinkedHashMap<>(TorchCheckpoint.readStateDict(TestAssets.require(
                EfficientNetPytorchFixtureTest.DIR + file)));
    }

    private static DeepfakeException importAs(Map<String, Tensor> weights, EfficientNetPytorchDetector detector) {
        DeepfakeException e = catchThrowableOfType(() -> EfficientNetPytorchImporter.toOnnx(weights, detector, 224,
                PaddingRule.STATIC_FROM_NATIVE_SIZE, "bad.pth"), DeepfakeException.class);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("bad.pth");
        return e;
    }

    @Test
    void checkpointOfAnotherFamilyNamesTheMissingBackboneKey() throws Exception {
        Map<String, Tensor> sbi = read("sbi_Detector_tiny.train_checkpoint.tar");

        assertThat(importAs(sbi, EfficientNetPytorchDetector.ICPR_B4).getMessage())
                .contains("efficientnet._conv_stem.weight");
        assertThat(importAs(read("polimi_EfficientNetB4_tiny.raw_state_dict.pth"),
                EfficientNetPytorchDetector.DEEPFAKEBENCH_EFFNB4).getMessage())
                .contains("backbone.efficientnet._conv_stem.weight");
    }

    @Test
    void plainB4ImportedAsAttentionNamesTheMissingAttentionConvolution() throws Exception {
        assertThat(importAs(read("polimi_EfficientNetB4_tiny.raw_state_dict.pth"),
                EfficientNetPytorchDetector.ICPR_AUTOATT_B4).getMessage()).contains("efficientnet.attconv.weight");
    }

    @Test
    void attentionCheckpointImportedAsPlainB4NamesTheLeftoverTensors() throws Exception {
        assertThat(importAs(read("polimi_EfficientNetAutoAttB4_tiny.raw_state_dict.pth"),
                EfficientNetPytorchDetector.ICPR_B4).getMessage()).contains("efficientnet.attconv.bias");
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        Map<String, Tensor> b4 = read("polimi_EfficientNetB4_tiny.raw_state_dict.pth");
        b4.remove("efficientnet._blocks.3._se_expand.bias");

        assertThat(importAs(b4, EfficientNetPytorchDetector.ICPR_B4).getMessage())
                .contains("efficientnet._blocks.3._se_expand.bias");
    }

    @Test
    void wrongShapeIsNamed() throws Exception {
        Map<String, Tensor> b4 = read("polimi_EfficientNetB4_tiny.raw_state_dict.pth");
        b4.put("classifier.weight", Tensor.of(new int[] {2, 320}, new float[640]));

        assertThat(importAs(b4, EfficientNetPytorchDetector.ICPR_B4).getMessage())
                .contains("classifier.weight").contains("[1, 320]").contains("[2, 320]");
        Map<String, Tensor> dw = read("polimi_EfficientNetB4_tiny.raw_state_dict.pth");
        dw.put("efficientnet._blocks.5._depthwise_conv.weight", Tensor.of(new int[] {3, 1, 5, 5}, new float[75]));
        assertThat(importAs(dw, EfficientNetPytorchDetector.ICPR_B4).getMessage())
                .contains("efficientnet._blocks.5._depthwise_conv.weight");
    }
}
