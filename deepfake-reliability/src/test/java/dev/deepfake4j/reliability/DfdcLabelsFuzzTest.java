package dev.deepfake4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.dataset.DfdcLabels;
import java.nio.file.Path;
import java.util.Map;

/** Fuzzes the DFDC {@code metadata.json} reader: labels, or an {@code UNSUPPORTED_INPUT} naming the file. */
class DfdcLabelsFuzzTest {
    private static final Path SOURCE = Path.of("metadata.json");

    @FuzzTest(maxDuration = "2m")
    void parseAnyMetadata(byte[] data) {
        try {
            Map<String, Boolean> labels = DfdcLabels.parse(data, SOURCE);
            assertThat(labels).isNotEmpty().doesNotContainValue(null);
        } catch (DeepfakeException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT);
            assertThat(e.getMessage()).contains("metadata.json");
        }
    }
}
