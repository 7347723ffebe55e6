package dev.deepfake4j.models.efficientnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.models.efficientnet.EfficientNetPytorchFixtureTest.Fixture;
import dev.deepfake4j.models.importers.FamilyImporter;
import dev.deepfake4j.models.importers.ModelFamily;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import dev.deepfake4j.models.registry.ModelRegistry;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FamilyImporter} writes a model file and manifest that the library opens as a classifier by path; fed the
 * 11 face crops at the network size, the classifier (which applies the manifest's normalisation and output rule
 * itself) reproduces the reference probabilities.
 */
class FamilyImporterTest {
    private static final Logger LOG = LoggerFactory.getLogger(FamilyImporterTest.class);

    @TempDir
    Path out;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "icpr2020-efficientnetb4, polimi_EfficientNetB4_tiny.train_checkpoint.pth, B4",
        "icpr2020-efficientnetautoattb4, polimi_EfficientNetAutoAttB4_tiny.raw_state_dict.legacy.pth, AUTOATT",
        "icpr2020-efficientnetb4st, polimi_EfficientNetB4ST_tiny.raw_state_dict.pth, B4ST",
        "icpr2020-efficientnetautoattb4st, polimi_EfficientNetAutoAttB4ST_tiny.raw_state_dict.pth, AUTOATT_ST",
        "sbi, sbi_Detector_tiny.train_checkpoint.tar, SBI",
        "deepfakebench-effnb4, deepfakebench_effnb4_tiny.ddp_module_prefix.pth, DEEPFAKEBENCH"})
    void importedModelOpensByPathAndReproducesTheReferenceProbabilities(String id, String file, Fixture fixture)
            throws Exception {
        ModelFamily family = ModelFamily.fromId(id);
        FamilyImporter.ImportedModel imported = FamilyImporter.importTo(family,
                TestAssets.require(EfficientNetPytorchFixtureTest.DIR + file), out);

        assertThat(imported.onnx()).isEqualTo(out.resolve(FamilyImporter.defaultName(Path.of(file)) + ".onnx"))
                .isRegularFile();
        assertThat(imported.manifestFile()).isRegularFile();
        assertThat(ModelManifest.read(imported.manifestFile())).isEqualTo(imported.manifest());
        assertThat(imported.manifest().output().kind()).isEqualTo(fixture.detector.classes() == 2
                ? OutputKind.SOFTMAX : OutputKind.LOGIT);
        assertThat(imported.licenceNotice().isPresent()).isEqualTo(family.nonCommercial());
        assertThat(imported.manifest().faceAggregation()).hasValueSatisfying(a -> assertThat(a.toString())
                .isEqualTo(id.startsWith("icpr2020-") ? "logit-mean" : "mean"));
        assertThat(imported.manifest().provenance().license()).contains(family.license());
        if (family.nonCommercial()) {
            assertThat(imported.licenceNotice().orElseThrow()).contains("non-commercial");
        }

        JsonNode reference = fixture.reference();
        JsonNode images = reference.get("images");
        InputSpec spec = imported.manifest().inputSpec();
        List<FaceCrop> crops = new ArrayList<>();
        for (JsonNode image : images) {
            byte[] rgb = EffnetInputs.rgb(TestAssets.require(image.get("path").asText().replaceFirst("^assets/", "")),
                    fixture.recipe);
            crops.add(new FaceCrop(0, 0, FaceBox.of(0, 0, 10, 10, 1), spec.width(), spec.height(), PixelFormat.RGB24,
                    rgb));
        }
        EfficientNetPytorchFixtureTest.batch(fixture); // records which crops are checksum-exact
        boolean[] exact = EfficientNetPytorchFixtureTest.verified(fixture);
        try (Classifier c = ModelRegistry.defaults().openClassifier(imported.onnx().toString(),
                OnnxSessionOptions.defaults())) {
            float[] p = c.classify(crops);
            double max = 0;
            for (int i = 0; i < p.length; i++) {
                if (exact[i]) {
                    max = Math.max(max, Math.abs(p[i] - images.get(i).get("probability").asDouble()));
                }
            }
            LOG.info("{}: max |P(fake) - torch| = {}", file, max);
            assertThat(max).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void checkpointOfAnotherFamilyIsInvalidAndWritesNothing() throws Exception {
        Path sbi = TestAssets.require(EfficientNetPytorchFixtureTest.DIR + "sbi_Detector_tiny.train_checkpoint.tar");

        DeepfakeException e = catchThrowableOfType(() -> FamilyImporter.importTo(
                ModelFamily.ICPR2020_EFFICIENTNETB4ST, sbi, out), DeepfakeException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("sbi_Detector_tiny.train_checkpoint.tar")
                .contains("feat_ext.efficientnet._conv_stem.weight");
        try (var files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void familiesAreSpelledAsTheCliTakesThem() {
        assertThat(java.util.Arrays.stream(ModelFamily.values()).map(ModelFamily::id)).containsExactly(
                "icpr2020-efficientnetb4", "icpr2020-efficientnetb4st", "icpr2020-efficientnetautoattb4",
                "icpr2020-efficientnetautoattb4st", "sbi", "deepfakebench-effnb4", "dfdc-winner");
        assertThatThrownBy(() -> ModelFamily.fromId("xception")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("icpr2020-efficientnetb4").hasMessageContaining("dfdc-winner");
        assertThat(FamilyImporter.defaultName(Path.of("/x/EfficientNetB4_DFDC_bestval-c9f3.pth")))
                .isEqualTo("efficientnetb4_dfdc_bestval-c9f3");
    }
}
