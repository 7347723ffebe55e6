package dev.deepfake4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.manifest.ModelManifest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the model manifest parser: any text is a manifest or a {@code MODEL_INVALID} {@link DeepfakeException};
 * and a manifest that parses writes JSON that parses back to the same manifest.
 */
class ManifestFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void parseAnyJson(byte[] data) throws DeepfakeException {
        String json = new String(data, StandardCharsets.UTF_8);
        ModelManifest manifest;
        try {
            manifest = ModelManifest.parse(json, "fuzz.json");
        } catch (DeepfakeException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
            return;
        }
        String written = manifest.toJson();
        assertThat(ModelManifest.parse(written, "rewritten.json").toJson()).isEqualTo(written);
    }
}
