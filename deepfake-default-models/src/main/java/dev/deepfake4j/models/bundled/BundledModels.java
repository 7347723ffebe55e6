package dev.deepfake4j.models.bundled;

import java.util.List;

/**
 * Where this artifact keeps the default models on the class path, and which files it holds. The registry in
 * {@code deepfake-onnx} finds them by the same folder name without linking to this class; it is here for users who
 * want to read or check the bundled files themselves ({@code ClassLoader.getResourceAsStream(FOLDER + name)}).
 * Constants only; thread-safe.
 */
public final class BundledModels {
    /** The class-path folder of the bundled files, with a trailing slash. */
    public static final String FOLDER = "dev/deepfake4j/models/bundled/";

    /** The bundled model files: YuNet-s (ONNX, 232,589 bytes) and MesoNet-4 DF (Keras HDF5, 156,128 bytes). */
    public static final List<String> FILES = List.of("yunet_s_640_640.onnx", "Meso4_DF.h5");

    private BundledModels() {
    }
}
