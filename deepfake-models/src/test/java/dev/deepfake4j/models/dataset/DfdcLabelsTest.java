package dev.deepfake4j.models.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** DFDC metadata.json: labels in file order; anything else is UNSUPPORTED_INPUT naming the file and the entry. */
class DfdcLabelsTest {
    private static final Path SOURCE = Path.of("labels.json");

    private static DeepfakeException refused(String json) {
        try {
            DfdcLabels.parse(json.getBytes(StandardCharsets.UTF_8), SOURCE);
        } catch (DeepfakeException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT);
            assertThat(e.getMessage()).contains("labels.json");
            return e;
        }
        throw new AssertionError("accepted " + json);
    }

    @Test
    void labelsComeInFileOrderAndOtherFieldsAreIgnored() throws DeepfakeException {
        var labels = DfdcLabels.parse("""
                {"b.mp4": {"label": "REAL", "split": "train"}, "a.mp4": {"label": "FAKE", "original": "b.mp4"}}
                """.getBytes(StandardCharsets.UTF_8), SOURCE);
        assertThat(labels).containsExactly(java.util.Map.entry("b.mp4", false), java.util.Map.entry("a.mp4", true));
    }

    @Test
    void filesThatAreNotDfdcMetadataAreRefusedNamingTheEntry() {
        assertThat(refused("{\"a.mp4\": \"FAKE\"}").getMessage()).contains("entry 'a.mp4' is \"FAKE\", not an object",
                "DFDC metadata.json");
        assertThat(refused("{\"a.mp4\": {\"label\": \"fake\"}}").getMessage()).contains("entry 'a.mp4' has label",
                "expected \"FAKE\" or \"REAL\"");
        assertThat(refused("{\"a.mp4\": {\"split\": \"train\"}}").getMessage()).contains("entry 'a.mp4'");
        assertThat(refused("[\"a.mp4\"]").getMessage()).contains("must hold a JSON object");
        assertThat(refused("{}").getMessage()).contains("lists no videos");
        assertThat(refused("{\"a.mp4\": ").getMessage()).contains("is not valid JSON");
    }

    @Test
    void aMissingFileIsFileNotFound() {
        assertThatThrownBy(() -> DfdcLabels.read(Path.of("/no/such/metadata.json")))
                .isInstanceOf(DeepfakeException.class).hasMessageContaining("/no/such/metadata.json")
                .extracting(e -> ((DeepfakeException) e).code()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
    }
}
