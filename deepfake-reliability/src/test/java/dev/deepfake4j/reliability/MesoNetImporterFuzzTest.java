package dev.deepfake4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.keras.MesoNetImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * Fuzzes the HDF5 (Keras weights) importer: any bytes are a MesoNet ONNX model or a {@link DeepfakeException}
 * ({@code MODEL_INVALID}, or {@code NOT_READABLE}); never another exception.
 */
class MesoNetImporterFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "2m")
    void importAnyHdf5(byte[] data) throws IOException {
        Path input = scratchFile();
        Files.write(input, data);
        try {
            assertThat(MesoNetImporter.importOnnx(input)).isNotEmpty();
        } catch (DeepfakeException e) {
            assertThat(e.code()).isIn(EnumSet.of(ErrorCode.MODEL_INVALID, ErrorCode.NOT_READABLE));
        }
    }

    private static synchronized Path scratchFile() {
        if (file == null) {
            try {
                file = Files.createTempFile("deepfake4j-fuzz-", ".h5");
                file.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }
}
