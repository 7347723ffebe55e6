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
        assertThat(registry.presets()).extracting(RegistryPreset::name).containsExactly("dfdc-winner");
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
