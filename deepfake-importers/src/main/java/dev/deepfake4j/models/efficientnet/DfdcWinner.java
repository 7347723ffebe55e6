package dev.deepfake4j.models.efficientnet;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.models.registry.DfdcWinnerRelease;
import dev.deepfake4j.models.torch.Tensor;
import dev.deepfake4j.models.torch.TorchCheckpoint;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a checkpoint of the Deepfake Detection Challenge winner (selimsef/dfdc_deepfake_challenge, MIT) into
 * ONNX. What the winner released and how it prepared crops is {@link DfdcWinnerRelease}. Stateless and thread-safe.
 */
public final class DfdcWinner {
    private static final Logger LOG = LoggerFactory.getLogger(DfdcWinner.class);

    private DfdcWinner() {
    }

    /**
     * Reads a DFDC {@code DeepFakeClassifier} checkpoint (either torch format; B0 … B7 encoders) and builds its
     * ONNX graph for {@link DfdcWinnerRelease#INPUT_SPEC}: {@code input} {@code [batch, 3, 380, 380]} →
     * {@code logit} {@code [batch, 1]}.
     *
     * <p>Takes a few seconds for B7 and holds the state dict (264 MB) and the model (264 MB) on the heap while it
     * runs; cache the result.
     *
     * @param checkpoint the {@code .pth} file (e.g. one of {@link DfdcWinnerRelease#CHECKPOINTS})
     * @return the serialised ONNX model; the caller owns the array
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} when the file is missing, {@code MODEL_INVALID} when it is
     *         not such a checkpoint (the message names the file and the problem)
     */
    public static byte[] importOnnx(Path checkpoint) throws DeepfakeException {
        long start = System.nanoTime();
        Map<String, Tensor> stateDict = TorchCheckpoint.readStateDict(checkpoint);
        long read = System.nanoTime();
        byte[] onnx = EfficientNetImporter.toOnnx(stateDict, DfdcWinnerRelease.INPUT_SIZE, checkpoint.getFileName().toString());
        LOG.info("Imported {} ({} tensors) into ONNX ({} bytes): read {} ms, graph {} ms", checkpoint,
                stateDict.size(), onnx.length, (read - start) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
        return onnx;
    }
}
