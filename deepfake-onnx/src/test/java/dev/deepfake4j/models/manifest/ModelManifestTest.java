package dev.deepfake4j.models.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.image.PixelFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {
    static final String MESONET = """
            {"name": "mesonet4-df", "task": "classifier",
             "input": {"name": "input", "layout": "NCHW", "width": 256, "height": 256, "channels": "RGB",
                       "scale": "1/255", "mean": [0, 0, 0], "std": [1, 1, 1], "interpolation": "nearest"},
             "output": {"name": "prob_real", "kind": "probability", "index": 0, "positive": "real"},
             "license": "Apache-2.0", "source": "https://github.com/DariusAf/MesoNet"}
            """;

    @TempDir
    Path tmp;

    static DeepfakeException invalid(String json) {
        try {
            ModelManifest.parse(json, "test.json");
        } catch (DeepfakeException e) {
            return e;
        }
        throw new AssertionError("expected MODEL_INVALID for " + json);
    }

    static String mesonetWith(String from, String to) {
        assertThat(MESONET).contains(from);
        return MESONET.replace(from, to);
    }

    @Test
    void parses_every_contract_field() throws Exception {
        ModelManifest m = ModelManifest.parse(MESONET, "mesonet.json");
        assertThat(m.name()).isEqualTo("mesonet4-df");
        assertThat(m.task()).isEqualTo(ModelTask.CLASSIFIER);
        assertThat(m.inputName()).isEqualTo("input");
        assertThat(m.inputSpec().layout()).isEqualTo(InputSpec.Layout.NCHW);
        assertThat(m.inputSpec().width()).isEqualTo(256);
        assertThat(m.inputSpec().height()).isEqualTo(256);
        assertThat(m.inputSpec().channels()).isEqualTo(PixelFormat.RGB24);
        assertThat(m.inputSpec().scale()).isEqualTo(1f / 255f);
        assertThat(m.inputSpec().mean()).containsExactly(0f, 0f, 0f);
        assertThat(m.inputSpec().std()).containsExactly(1f, 1f, 1f);
        assertThat(m.inputSpec().interpolation()).isEqualTo(InputSpec.Interpolation.NEAREST);
        assertThat(m.output().name()).isEqualTo("prob_real");
        assertThat(m.output().kind()).isEqualTo(OutputKind.PROBABILITY);
        assertThat(m.output().index()).isZero();
        assertThat(m.output().positive()).isEqualTo(PositiveClass.REAL);
        assertThat(m.provenance().license()).contains("Apache-2.0");
        assertThat(m.provenance().source()).contains("https://github.com/DariusAf/MesoNet");
    }

    @Test
    void optional_fields_take_their_documented_defaults() throws Exception {
        ModelManifest m = ModelManifest.parse("""
                {"name": "x", "task": "classifier",
                 "input": {"name": "in", "layout": "NHWC", "width": 4, "height": 2, "channels": "BGR",
                           "scale": 1, "mean": 127, "std": [128]},
                 "output": {"name": "out", "kind": "logit", "positive": "fake"}}
                """, "x.json");
        assertThat(m.inputSpec().resize()).isEqualTo(InputSpec.Resize.STRETCH);
        assertThat(m.inputSpec().interpolation()).isEqualTo(InputSpec.Interpolation.LINEAR);
        assertThat(m.output().index()).isZero();
        assertThat(m.inputSpec().mean()).containsExactly(127f, 127f, 127f);
        assertThat(m.inputSpec().std()).containsExactly(128f, 128f, 128f);
        assertThat(m.provenance().license()).isEmpty();
        assertThat(m.provenance().source()).isEmpty();
    }

    @Test
    void input_spec_carries_size_layout_colours_resize_and_normalisation() throws Exception {
        ModelManifest m = ModelManifest.parse(mesonetWith("\"interpolation\": \"nearest\"",
                "\"interpolation\": \"area-or-cubic\", \"resize\": \"letterbox\""), "m.json");
        InputSpec spec = m.inputSpec();
        assertThat(spec.width()).isEqualTo(256);
        assertThat(spec.height()).isEqualTo(256);
        assertThat(spec.layout()).isEqualTo(InputSpec.Layout.NCHW);
        assertThat(spec.channels()).isEqualTo(PixelFormat.RGB24);
        assertThat(spec.resize()).isEqualTo(InputSpec.Resize.LETTERBOX);
        assertThat(spec.interpolation()).isEqualTo(InputSpec.Interpolation.AREA_OR_CUBIC);
        assertThat(spec.normalize(255, 0)).isEqualTo(1f);
    }

    @Test
    void output_aggregate_is_read_checked_and_survives_a_round_trip() throws Exception {
        String icpr = """
                {"name": "icpr", "task": "classifier",
                 "input": {"name": "input", "layout": "NCHW", "width": 224, "height": 224, "channels": "RGB",
                           "scale": "1/255", "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
                           "resize": "pad-if-smaller"},
                 "output": {"name": "logit", "kind": "logit", "positive": "fake", "aggregate": "%s"}}
                """;
        ModelManifest m = ModelManifest.parse(icpr.formatted("logit-mean"), "icpr.json");

        assertThat(m.faceAggregation()).hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo("logit-mean"));
        assertThat(ModelManifest.parse(m.toJson(), "again.json")).isEqualTo(m);
        assertThat(m.toJson()).contains("\"aggregate\" : \"logit-mean\"");
        assertThat(ModelManifest.parse(mesonetWith("\"interpolation\": \"nearest\"",
                "\"interpolation\": \"nearest\""), "m.json").faceAggregation()).isEmpty();
        assertThatThrownBy(() -> ModelManifest.parse(icpr.formatted("median-of-means"), "bad.json"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining("output.aggregate").hasMessageContaining("median-of-means");
    }

    @Test
    void a_scale_fraction_with_several_points_is_invalid_not_a_crash() {
        // Jazzer finding (ManifestFuzzTestInputs/parseAnyJson/crash-05bc97e9…): NumberFormatException escaped.
        assertThatThrownBy(() -> ModelManifest.parse(mesonetWith("\"scale\": \"1/255\"",
                "\"scale\": \"....1/255\""), "m.json"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining("input.scale");
    }

    @Test
    void crop_padding_per_side_is_read_and_survives_a_round_trip() throws Exception {
        ModelManifest m = ModelManifest.parse(mesonetWith("\"interpolation\": \"nearest\"",
                "\"interpolation\": \"nearest\", \"crop\": {\"margin\": 1, \"square\": false, "
                        + "\"pad\": [0.2, 0.4, 0.2, 0.2]}"), "m.json");

        assertThat(m.inputSpec().cropPolicy()).contains(dev.deepfake4j.face.CropPolicy.heightPadding(0.2, 0.4, 0.2,
                0.2));
        assertThat(ModelManifest.parse(m.toJson(), "again.json")).isEqualTo(m);
        assertThatThrownBy(() -> ModelManifest.parse(mesonetWith("\"interpolation\": \"nearest\"",
                "\"crop\": {\"margin\": 1, \"square\": false, \"pad\": [0.2, 0.4]}"), "bad.json"))
                .isInstanceOf(DeepfakeException.class).hasMessageContaining("input.crop.pad");
    }

    @Test
    void pad_if_smaller_resize_is_read_and_survives_a_round_trip() throws Exception {
        ModelManifest m = ModelManifest.parse(mesonetWith("\"interpolation\": \"nearest\"",
                "\"interpolation\": \"linear\", \"resize\": \"pad-if-smaller\""), "m.json");

        assertThat(m.inputSpec().resize()).isEqualTo(InputSpec.Resize.PAD_IF_SMALLER);
        assertThat(m.toJson()).contains("\"pad-if-smaller\"");
        assertThat(ModelManifest.parse(m.toJson(), "again.json")).isEqualTo(m);
    }

    @Test
    void a_crop_region_reaches_the_input_spec_and_survives_a_round_trip() throws Exception {
        ModelManifest m = ModelManifest.parse(mesonetWith("\"interpolation\": \"nearest\"",
                "\"interpolation\": \"nearest\", \"crop\": {\"margin\": 1.5, \"square\": false}"), "m.json");
        assertThat(m.inputSpec().cropPolicy()).contains(dev.deepfake4j.face.CropPolicy.proportional(1.5));
        assertThat(m.inputSpec().cropPolicy()).contains(dev.deepfake4j.face.CropPolicy.proportional(1.5));
        assertThat(ModelManifest.parse(m.toJson(), "again.json")).isEqualTo(m);
        assertThat(ModelManifest.parse(MESONET, "plain.json").inputSpec().cropPolicy()).isEmpty();
    }

    @Test
    void a_bad_crop_region_names_the_field() {
        assertThat(invalid(mesonetWith("\"interpolation\": \"nearest\"",
                "\"interpolation\": \"nearest\", \"crop\": {\"margin\": 0.5, \"square\": true}")))
                .hasMessageContaining("input.crop.margin").hasMessageContaining("0.5");
        assertThat(invalid(mesonetWith("\"interpolation\": \"nearest\"",
                "\"interpolation\": \"nearest\", \"crop\": {\"margin\": 1.3, \"square\": \"yes\"}")))
                .hasMessageContaining("input.crop.square");
    }

    @Test
    void json_written_reads_back_equal() throws Exception {
        ModelManifest m = ModelManifest.builder("tiny").input("x", 3, 5).layout(InputSpec.Layout.NHWC)
                .channels(PixelFormat.BGR24).scale(1f / 128).normalization(new float[] {1, 2, 3},
                        new float[] {4, 5, 6})
                .resize(InputSpec.Resize.LETTERBOX).interpolation(InputSpec.Interpolation.AREA_OR_CUBIC)
                .output("y", OutputKind.SOFTMAX, 1, PositiveClass.FAKE).license("MIT").source("here").build();
        Path file = tmp.resolve("tiny.json");
        m.write(file);
        assertThat(ModelManifest.read(file)).isEqualTo(m);
    }

    @Test
    void reads_from_a_stream() throws Exception {
        ModelManifest m = ModelManifest.read(new ByteArrayInputStream(MESONET.getBytes(StandardCharsets.UTF_8)),
                "resource mesonet.json");
        assertThat(m.name()).isEqualTo("mesonet4-df");
    }

    @Test
    void finds_the_manifest_beside_a_model_by_its_stem() throws Exception {
        Files.writeString(tmp.resolve("Meso4_DF.json"), MESONET);
        assertThat(ModelManifest.besideModel(tmp.resolve("Meso4_DF.onnx")).name()).isEqualTo("mesonet4-df");
    }

    @Test
    void missing_manifest_beside_a_model_names_where_it_looked() {
        Path model = tmp.resolve("m.onnx");
        assertThatThrownBy(() -> ModelManifest.besideModel(model))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining(tmp.resolve("m.json").toString());
    }

    @Test
    void wrong_layout_names_the_file_the_field_and_the_choices() {
        DeepfakeException e = invalid(mesonetWith("\"NCHW\"", "\"NCWH\""));
        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("test.json").contains("input.layout").contains("NCWH")
                .contains("\"NHWC\"");
    }

    @Test
    void missing_required_field_names_it() {
        DeepfakeException e = invalid(mesonetWith("\"width\": 256, ", ""));
        assertThat(e.getMessage()).contains("'input.width'").contains("required");
    }

    @Test
    void misspelt_optional_field_is_rejected_rather_than_defaulted() {
        DeepfakeException e = invalid(mesonetWith("\"interpolation\"", "\"interpolaton\""));
        assertThat(e.getMessage()).contains("input.interpolaton").contains("input.interpolation");
    }

    @Test
    void mean_with_two_values_is_rejected() {
        assertThat(invalid(mesonetWith("\"mean\": [0, 0, 0]", "\"mean\": [0, 0]")).getMessage())
                .contains("input.mean");
    }

    @Test
    void zero_std_is_rejected() {
        assertThat(invalid(mesonetWith("\"std\": [1, 1, 1]", "\"std\": [1, 0, 1]")).getMessage())
                .contains("input.std").contains("positive");
    }

    @Test
    void unknown_output_kind_lists_the_kinds() {
        assertThat(invalid(mesonetWith("\"probability\"", "\"sigmoid\"")).getMessage())
                .contains("output.kind").contains("\"probability\", \"logit\" or \"softmax\"");
    }

    @Test
    void unknown_positive_class_is_rejected() {
        assertThat(invalid(mesonetWith("\"real\"", "\"genuine\"")).getMessage()).contains("output.positive");
    }

    @Test
    void classifier_without_output_is_rejected() {
        String json = MESONET.replaceAll("\"output\": \\{[^}]*},", "");
        assertThat(invalid(json).getMessage()).contains("'output'").contains("classifier");
    }

    @Test
    void face_detector_may_leave_the_output_out() throws Exception {
        String json = MESONET.replaceAll("\"output\": \\{[^}]*},", "").replace("\"classifier\"", "\"face-detector\"");
        ModelManifest m = ModelManifest.parse(json, "d.json");
        assertThat(m.task()).isEqualTo(ModelTask.FACE_DETECTOR);
        assertThat(m.hasOutput()).isFalse();
    }

    @Test
    void width_beyond_4096_is_rejected() {
        assertThat(invalid(mesonetWith("\"width\": 256", "\"width\": 5000")).getMessage()).contains("input.width");
    }

    @Test
    void broken_json_names_the_file_and_line() {
        DeepfakeException e = invalid("{\"name\": \"x\",\n \"task\": }");
        assertThat(e.getMessage()).contains("test.json").contains("not valid JSON").contains("line 2");
    }

    @Test
    void missing_manifest_file_is_model_not_found() {
        Path missing = tmp.resolve("none.json");
        assertThatThrownBy(() -> ModelManifest.read(missing))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void builder_rejects_a_classifier_without_output() {
        assertThatThrownBy(() -> ModelManifest.builder("x").input("in", 2, 2).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("output");
    }

    @Test
    void a_file_without_format_and_one_with_format_1_read_the_same() throws Exception {
        ModelManifest without = ModelManifest.parse(MESONET, "old.json");
        ModelManifest withOne = ModelManifest.parse(MESONET.replaceFirst("\\{", "{\"format\": 1, "), "new.json");
        assertThat(withOne).isEqualTo(without);
    }

    @Test
    void written_json_carries_the_format_version() throws Exception {
        String json = ModelManifest.parse(MESONET, "m.json").toJson();
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json);
        assertThat(tree.get("format").isInt()).isTrue();
        assertThat(tree.get("format").asInt()).isEqualTo(1).isEqualTo(ModelManifest.FORMAT_VERSION);
    }

    @Test
    void a_newer_format_with_only_known_fields_loads() throws Exception {
        ModelManifest m = ModelManifest.parse(MESONET.replaceFirst("\\{", "{\"format\": 2, "), "next.json");
        assertThat(m).isEqualTo(ModelManifest.parse(MESONET, "m.json"));
    }

    @Test
    void a_newer_format_with_an_unknown_field_names_the_file_both_versions_and_the_field() {
        DeepfakeException e = invalid(mesonetWith("\"index\": 0,", "\"index\": 0, \"temperature\": 1.5,")
                .replaceFirst("\\{", "{\"format\": 3, "));
        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("test.json").contains("format 3").contains("reads format 1")
                .contains("output.temperature");
    }

    @Test
    void an_unknown_field_in_a_current_format_file_is_still_a_misspelling() {
        DeepfakeException e = invalid(mesonetWith("\"index\": 0,", "\"index\": 0, \"temperature\": 1.5,")
                .replaceFirst("\\{", "{\"format\": 1, "));
        assertThat(e.getMessage()).contains("'output.temperature' is not a manifest field").doesNotContain("format 1");
    }

    @Test
    void a_format_that_is_not_a_positive_integer_is_rejected() {
        for (String bad : new String[] {"0", "-1", "1.5", "\"1\"", "null"}) {
            assertThat(invalid(MESONET.replaceFirst("\\{", "{\"format\": " + bad + ", ")).getMessage())
                    .as(bad).contains("'format'");
        }
    }

    @Test
    void the_readme_example_loads() throws Exception {
        ModelManifest m = ModelManifest.parse("""
                {"name": "my-effnet", "task": "classifier",
                 "input": {"name": "input", "layout": "NCHW", "width": 380, "height": 380, "channels": "RGB",
                           "scale": "1/255", "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
                           "resize": "letterbox", "interpolation": "area-or-cubic",
                           "crop": {"margin": 1.6667, "square": false}},
                 "output": {"name": "logit", "kind": "logit", "index": 0, "positive": "fake"},
                 "license": "MIT", "source": "https://example.org/my-model"}
                """, "README.md");
        assertThat(m.inputSpec().width()).isEqualTo(380);
        assertThat(m.inputSpec().normalize(255, 2)).isEqualTo((1f - 0.406f) / 0.225f);
        assertThat(m.inputSpec().cropPolicy()).contains(new dev.deepfake4j.face.CropPolicy(1.6667, false));
        assertThat(m.output()).isEqualTo(new OutputSpec("logit", OutputKind.LOGIT, 0, PositiveClass.FAKE));
        assertThat(m.provenance()).isEqualTo(Provenance.of("MIT", "https://example.org/my-model"));
    }

    @Test
    void to_builder_copies_every_part() throws Exception {
        ModelManifest m = ModelManifest.builder("tiny").input("x", 3, 5).layout(InputSpec.Layout.NHWC)
                .channels(PixelFormat.BGR24).scale(1f / 128).normalization(new float[] {1, 2, 3},
                        new float[] {4, 5, 6})
                .resize(InputSpec.Resize.LETTERBOX).interpolation(InputSpec.Interpolation.AREA_OR_CUBIC)
                .cropPolicy(dev.deepfake4j.face.CropPolicy.proportional(1.5))
                .output("y", OutputKind.SOFTMAX, 1, PositiveClass.FAKE).license("MIT").source("here").build();
        assertThat(m.toBuilder().build()).isEqualTo(m);
        ModelManifest changed = m.toBuilder().scale(1f).build();
        assertThat(changed).isNotEqualTo(m);
        assertThat(changed.inputSpec().scale()).isEqualTo(1f);
        assertThat(changed.inputSpec().mean()).containsExactly(1f, 2f, 3f);
        assertThat(m.inputSpec().scale()).isEqualTo(1f / 128);
    }

    @Test
    void builder_keeps_input_fields_set_before_the_input_name_and_size() {
        ModelManifest m = ModelManifest.builder("x").layout(InputSpec.Layout.NHWC).scale(0.5f).input("in", 4, 2)
                .output("out", OutputKind.LOGIT, 0, PositiveClass.FAKE).build();
        assertThat(m.inputSpec().layout()).isEqualTo(InputSpec.Layout.NHWC);
        assertThat(m.inputSpec().scale()).isEqualTo(0.5f);
        assertThat(m.inputSpec().width()).isEqualTo(4);
        assertThat(m.inputSpec().height()).isEqualTo(2);
    }

    @Test
    void builder_checks_the_input_as_input_spec_does() {
        assertThatThrownBy(() -> ModelManifest.builder("x").input("in", 2, 2)
                .normalization(new float[] {Float.NaN, 0, 0}, new float[] {1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mean must be finite");
        assertThatThrownBy(() -> ModelManifest.builder("x").input("in", 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..4096");
    }
}
