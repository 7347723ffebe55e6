package dev.deepfake4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.efficientnet.EfficientNetPytorchDetector;
import dev.deepfake4j.models.efficientnet.EfficientNetPytorchImporter;
import dev.deepfake4j.models.efficientnet.PaddingRule;
import dev.deepfake4j.models.torch.Tensor;
import dev.deepfake4j.models.torch.TorchCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzzes the PyTorch checkpoint reader (zip and legacy formats, raw state dicts and training dicts) and the
 * efficientnet_pytorch importer after it: any bytes are a state dict or a {@code MODEL_INVALID}
 * {@link DeepfakeException}; a state dict that is read is an ONNX model or {@code MODEL_INVALID}; never another
 * exception, and (Jazzer's own check) never an out-of-memory error: the reader's allocations are bounded by what
 * the file holds.
 */
class TorchCheckpointFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "2m")
    void readAnyCheckpoint(byte[] data) throws IOException {
        Path input = scratchFile();
        Files.write(input, data);
        Map<String, Tensor> stateDict;
        try {
            stateDict = TorchCheckpoint.readStateDict(input);
        } catch (DeepfakeException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
            return;
        }
        assertThat(stateDict).isNotEmpty();
        try {
            assertThat(EfficientNetPytorchImporter.toOnnx(stateDict, EfficientNetPytorchDetector.ICPR_B4, 224,
                    PaddingRule.STATIC_FROM_NATIVE_SIZE, "fuzz.pth")).isNotEmpty();
        } catch (DeepfakeException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        }
    }

    private static synchronized Path scratchFile() {
        if (file == null) {
            try {
                file = Files.createTempFile("deepfake4j-fuzz-", ".pth");
                file.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }
}
