package dev.deepfake4j.models.efficientnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.torch.CheckpointFiles;
import dev.deepfake4j.models.torch.Tensor;
import dev.deepfake4j.models.torch.TorchCheckpoint;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A readable checkpoint that is not a complete DFDC classifier fails the import, naming the file and tensor. */
class DfdcWinnerBadCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void checkpointMissingATensorIsInvalid() throws Exception {
        Map<String, Tensor> b0 = new LinkedHashMap<>(TorchCheckpoint.readStateDict(
                TestAssets.require("models/checkpoints/dfdc_b0_random.zip.pth")));
        b0.remove("encoder.conv_head.weight");
        Path file = tmp.resolve("incomplete_b0.pth");
        CheckpointFiles.writeStateDict(file, b0);

        DeepfakeException e = catchThrowableOfType(() -> DfdcWinner.importOnnx(file), DeepfakeException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("incomplete_b0.pth").contains("encoder.conv_head.weight");
    }

    @Test
    void checkpointOfAnotherNetworkIsInvalid() throws Exception {
        Map<String, Tensor> other = new LinkedHashMap<>();
        other.put("conv1.weight", Tensor.of(new int[] {1, 1, 1, 1}, new float[] {1}));
        Path file = tmp.resolve("resnet.pth");
        CheckpointFiles.writeStateDict(file, other);

        DeepfakeException e = catchThrowableOfType(() -> DfdcWinner.importOnnx(file), DeepfakeException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID);
        assertThat(e.getMessage()).contains("resnet.pth").contains("encoder.conv_stem.weight");
    }
}
