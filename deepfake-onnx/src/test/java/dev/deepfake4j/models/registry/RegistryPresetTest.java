package dev.deepfake4j.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.aggregate.EnsembleMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Presets: named groups of entries with the rule that combines them. */
class RegistryPresetTest {
    final RegistryConfig offline = RegistryConfig.builder(Path.of("unused-cache")).offline(true).build();

    @Test
    void the_dfdc_winner_preset_is_its_seven_checkpoints_combined_by_model_mean() throws Exception {
        ModelRegistry registry = ModelRegistry.builder().config(offline).addBuiltInEntries().build();
        RegistryPreset winner = registry.preset("dfdc-winner");
        assertThat(winner.ensembleMode()).isEqualTo(EnsembleMode.MODEL_MEAN);
        assertThat(winner.license()).isEqualTo("MIT");
        assertThat(winner.members()).hasSize(7).startsWith("dfdc-b7-111-36").endsWith("dfdc-b7-999-23");
        for (int i = 0; i < winner.members().size(); i++) {
            assertThat(registry.entry(winner.members().get(i)).fileName()).isEqualTo(DfdcWinnerRelease.CHECKPOINTS.get(i));
        }
        assertThat(registry.presets()).extracting(RegistryPreset::name)
                .containsExactly("dfdc-winner", "icpr2020-dfdc", "icpr2020-ffpp");
    }

    @Test
    void the_icpr2020_entries_are_pinned_by_the_hash_in_their_names_and_form_two_ensembles() throws Exception {
        ModelRegistry registry = ModelRegistry.builder().config(offline).addBuiltInEntries().build();
        List<RegistryEntry> icpr = registry.entries().stream().filter(e -> e.name().startsWith("icpr2020-")).toList();

        assertThat(icpr).hasSize(8);
        for (RegistryEntry e : icpr) {
            String hash = e.fileName().replaceAll("^.*_bestval-([0-9a-f]{64})\\.pth$", "$1");
            assertThat(e.sha256()).as(e.name()).isEqualTo(hash).hasSize(64);
            assertThat(e.isPinned()).isTrue();
            assertThat(e.sizeBytes()).isZero();
            assertThat(e.url().toString()).isEqualTo("https://f002.backblazeb2.com/file/icpr2020/" + e.fileName());
            assertThat(e.license()).isEqualTo("GPL-3.0");
            assertThat(e.importerId()).hasValueSatisfying(id -> assertThat(id).startsWith("torch-icpr2020-"));
            assertThat(e.manifest().inputSpec().width()).isEqualTo(224);
            assertThat(e.manifest().faceAggregation()).hasValueSatisfying(a -> assertThat(a.toString())
                    .isEqualTo("logit-mean"));
            assertThat(e.manifest().inputSpec().resize()).isEqualTo(dev.deepfake4j.classify.InputSpec.Resize.PAD_IF_SMALLER);
        }
        assertThat(registry.entry("icpr2020-efficientnetb4-dfdc").fileName()).isEqualTo(
                "EfficientNetB4_DFDC_bestval-c9f3663e2116d3356d056a0ce6453e0fc412a8df68ebd0902f07104d9129a09a.pth");
        RegistryPreset dfdc = registry.preset("icpr2020-dfdc");
        assertThat(dfdc.members()).containsExactly("icpr2020-efficientnetb4-dfdc", "icpr2020-efficientnetb4st-dfdc",
                "icpr2020-efficientnetautoattb4-dfdc", "icpr2020-efficientnetautoattb4st-dfdc");
        assertThat(dfdc.license()).isEqualTo("GPL-3.0");
        assertThat(registry.preset("icpr2020-ffpp").members()).allMatch(m -> m.endsWith("-ffpp")).hasSize(4);
    }

    @Test
    void an_icpr2020_entry_offline_names_the_file_the_folder_and_its_hash() {
        ModelRegistry registry = ModelRegistry.builder().config(offline).addBuiltInEntries().build();

        assertThatThrownBy(() -> registry.resolve("icpr2020-efficientnetautoattb4-ffpp"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining("EfficientNetAutoAttB4_FFPP_bestval-"
                        + "b0c9e9522a7143cf119843e910234be5e30f77dc527b1b427cdffa5ce3bdbc25.pth")
                .hasMessageContaining("unused-cache")
                .hasMessageContaining("https://f002.backblazeb2.com/file/icpr2020/");
    }

    @Test
    void an_unknown_preset_is_model_not_found_listing_the_known_ones() {
        ModelRegistry registry = ModelRegistry.builder().config(offline).addBuiltInEntries().build();
        assertThatThrownBy(() -> registry.preset("mesonet4-df"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining("dfdc-winner")
                .hasMessageContaining("single model");
        assertThat(registry.findPreset("no-such")).isEmpty();
    }

    @Test
    void a_preset_naming_a_missing_entry_is_refused_at_build() {
        ModelRegistry.Builder b = ModelRegistry.builder().config(offline)
                .addPreset(new RegistryPreset("pair", "two models", List.of("a", "b"), EnsembleMode.FACE_MEAN, "MIT"));
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pair")
                .hasMessageContaining("a");
    }

    @Test
    void a_preset_needs_distinct_members() {
        assertThatThrownBy(() -> new RegistryPreset("pair", "twice the same", List.of("a", "a"),
                EnsembleMode.FACE_MEAN, "MIT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new RegistryPreset("none", "empty", List.of(), EnsembleMode.FACE_MEAN, "MIT"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }
}
