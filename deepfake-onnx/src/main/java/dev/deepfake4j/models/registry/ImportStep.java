package dev.deepfake4j.models.registry;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an entry's verified source file (e.g. MesoNet's Keras {@code .h5}, a DFDC winner's {@code .pth}) into the
 * cached ONNX model {@code <cache>/<name>.onnx} with the entry's {@link ModelImporter}, once: later calls, in this
 * or another process, find the file in place. The output is written atomically under the cache's lock, so a reader
 * never opens half a model. Thread-safe.
 */
final class ImportStep {
    private static final Logger LOG = LoggerFactory.getLogger(ImportStep.class);

    private final ModelImporters importers;
    private final ModelCache cache;

    ImportStep(ModelImporters importers, ModelCache cache) {
        this.importers = importers;
        this.cache = cache;
    }

    /**
     * @param entry an entry with an {@linkplain RegistryEntry#importerId() importer}
     * @param source its verified source file (cache or mirror; the mirror is never written to)
     * @return the cached ONNX model
     * @throws DeepfakeException {@link ErrorCode#MISSING_COMPONENT} when the importer is not registered, the
     *         importer's own errors, {@link ErrorCode#IO_FAILURE} when the model cannot be stored
     */
    Path onnxOf(RegistryEntry entry, Path source) throws DeepfakeException {
        Path onnx = cache.importedFileOf(entry);
        if (Files.isRegularFile(onnx)) {
            return onnx;
        }
        String id = entry.importerId().orElseThrow(() -> new IllegalArgumentException(entry.name()
                + " names no importer"));
        ModelImporter importer = importers.find(id).orElseThrow(() -> new DeepfakeException(
                ErrorCode.MISSING_COMPONENT, "Model " + entry.name() + " is published as " + entry.fileName()
                        + " and needs the importer '" + id + "', which is not registered (registered: "
                        + importers.ids() + "); add the Maven dependency dev.deepfake4j:deepfake-importers (it ships the "
                        + "importers of the built-in models), or register one with ModelImporters.shared().register"));
        try (CacheLock lock = cache.lock(onnx)) {
            if (Files.isRegularFile(onnx)) {
                return onnx; // another thread or process imported it while this one waited
            }
            LOG.info("Importing {} from {} with {}", entry.name(), source, id);
            byte[] bytes = importer.importModel(source);
            try {
                cache.writeAtomically(onnx, bytes);
            } catch (IOException e) {
                throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot store imported model " + onnx + ": "
                        + e.getMessage() + "; check that " + cache.dir() + " is writable and has space", onnx, e);
            }
            return onnx;
        }
    }
}
