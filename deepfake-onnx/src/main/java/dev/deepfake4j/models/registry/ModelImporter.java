package dev.deepfake4j.models.registry;

import dev.deepfake4j.DeepfakeException;
import java.nio.file.Path;

/**
 * Turns a published model file that is not ONNX (e.g. Keras HDF5 weights) into ONNX bytes. The registry runs an
 * importer once per model and caches its output as {@code <name>.onnx} in the model cache. Implementations must be
 * thread-safe and must not keep the source path.
 */
@FunctionalInterface
public interface ModelImporter {
    /**
     * @param source the downloaded, checksum-verified source file
     * @return the bytes of an ONNX model matching the registry entry's manifest
     * @throws DeepfakeException {@link dev.deepfake4j.ErrorCode#MODEL_INVALID} when the source cannot be imported
     */
    byte[] importModel(Path source) throws DeepfakeException;
}
