package dev.deepfake4j.models.registry;

import dev.deepfake4j.models.manifest.ModelManifest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model ready to open: its ONNX file, its manifest and where it came from. Immutable.
 *
 * @param name the registry name, or the file name for an explicit path
 * @param model the ONNX file to open
 * @param manifest how to feed and read the model
 * @param origin where the model (or the source it was imported from) was found
 * @param source the verified file the registry found (the ONNX file itself, or e.g. the Keras HDF5 file an importer
 *        turned into {@code model})
 */
public record ResolvedModel(String name, Path model, ModelManifest manifest, ModelOrigin origin, Path source) {
    /** Checks that no component is null. */
    public ResolvedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(source, "source");
    }
}
