package dev.deepfake4j.models.efficientnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.explain.Explanations;
import dev.deepfake4j.explain.OcclusionOptions;
import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.models.efficientnet.EfficientNetPytorchFixtureTest.Fixture;
import dev.deepfake4j.models.importers.FamilyImporter;
import dev.deepfake4j.models.importers.ModelFamily;
import dev.deepfake4j.models.onnx.OnnxClassifier;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ICPR 2020 AutoAtt attention map reaches the API as the classifier's own map: an imported AutoAtt checkpoint's
 * manifest names its {@code attention} output, and the classifier opened from it returns, per crop, the reference
 * map of the shared fixture (torch's values, 28×28 over a 224-pixel crop); a model without one says so.
 */
class AttentionMapsTest {
    @TempDir
    Path out;

    private static List<FaceCrop> crops(Fixture fixture, InputSpec spec) throws Exception {
        List<FaceCrop> crops = new ArrayList<>();
        for (JsonNode image : fixture.reference().get("images")) {
            byte[] rgb = EffnetInputs.rgb(TestAssets.require(image.get("path").asText().replaceFirst("^assets/", "")),
                    fixture.recipe);
            crops.add(new FaceCrop(0, 0, FaceBox.of(0, 0, 10, 10, 1), spec.width(), spec.height(), PixelFormat.RGB24,
                    rgb));
        }
        return crops;
    }

    @Test
    void anAutoAttModelGivesItsAttentionMapPerCrop() throws Exception {
        FamilyImporter.ImportedModel imported = FamilyImporter.importTo(ModelFamily.ICPR2020_EFFICIENTNETAUTOATTB4,
                TestAssets.require(EfficientNetPytorchFixtureTest.DIR
                        + "polimi_EfficientNetAutoAttB4_tiny.raw_state_dict.pth"), out);
        assertThat(imported.manifest().attentionOutput()).hasValue(EfficientNetPytorchImporter.ATTENTION_NAME);
        JsonNode reference = Fixture.AUTOATT.reference().get("attention").get("maps");
        List<FaceCrop> crops = crops(Fixture.AUTOATT, imported.manifest().inputSpec());
        try (OnnxClassifier c = OnnxClassifier.open(imported.onnx())) {
            assertThat(c.hasOwnMaps()).isTrue();
            List<SensitivityMap> maps = c.ownMaps(crops);
            assertThat(maps).hasSize(crops.size());
            double max = 0;
            for (int i = 0; i < maps.size(); i++) {
                SensitivityMap m = maps.get(i);
                assertThat(m.method()).isEqualTo("attention");
                assertThat(m.cols()).isEqualTo(28);
                assertThat(m.rows()).isEqualTo(28);
                assertThat(m.stride()).isEqualTo(8); // 224 / 28
                JsonNode rows = reference.get(i).get(0);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        max = Math.max(max, Math.abs(m.value(x, y) - rows.get(y).get(x).asDouble()));
                    }
                }
            }
            assertThat(max).isLessThanOrEqualTo(1e-5);
            // through the report's entry point: the occlusion map, then the model's own
            List<SensitivityMap> both = Explanations.of(List.of(c), crops.get(0),
                    OcclusionOptions.forCrop(224, 224));
            assertThat(both).extracting(SensitivityMap::method).containsExactly(SensitivityMap.OCCLUSION,
                    "attention");
        }
    }

    @Test
    void aModelWithoutAnAttentionOutputHasNoOwnMaps() throws Exception {
        FamilyImporter.ImportedModel imported = FamilyImporter.importTo(ModelFamily.ICPR2020_EFFICIENTNETB4,
                TestAssets.require(EfficientNetPytorchFixtureTest.DIR + "polimi_EfficientNetB4_tiny.raw_state_dict.pth"),
                out);
        assertThat(imported.manifest().attentionOutput()).isEmpty();
        try (OnnxClassifier c = OnnxClassifier.open(imported.onnx())) {
            assertThat(c.hasOwnMaps()).isFalse();
            List<FaceCrop> crops = crops(Fixture.B4, imported.manifest().inputSpec());
            assertThatThrownBy(() -> c.ownMaps(crops)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("output.attention");
            assertThat(Explanations.of(List.of(c), crops.get(0), OcclusionOptions.forCrop(224, 224)))
                    .extracting(SensitivityMap::method).containsExactly(SensitivityMap.OCCLUSION);
        }
    }
}
