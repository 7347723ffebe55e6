package dev.deepfake4j.models;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import dev.deepfake4j.models.registry.ModelRegistry;

/**
 * Ready-made classifiers: registry models by name, or any ONNX file with its manifest ({@code model.json}) beside
 * it. Each call opens a new ONNX Runtime session that the caller owns and closes. Thread-safe.
 */
public final class Classifiers {
    /** The default classifier's registry name: MesoNet-4 trained on the authors' Deepfake set. */
    public static final String DEFAULT_MODEL = "mesonet4-df";

    private Classifiers() {
    }

    /**
     * @param nameOrPath a registry name ({@code mesonet4-df}, …) or an ONNX file with its {@code .json} manifest
     * @return a new classifier on the CPU with ONNX Runtime's default threads
     * @throws DeepfakeException {@code MODEL_NOT_FOUND}, {@code MODEL_INVALID}, {@code CHECKSUM_MISMATCH}
     */
    public static Classifier fromRegistry(String nameOrPath) throws DeepfakeException {
        return fromRegistry(nameOrPath, OnnxSessionOptions.defaults());
    }

    /**
     * @param nameOrPath a registry name or an ONNX file with its {@code .json} manifest
     * @param options session options (threads, execution provider)
     * @return a new classifier
     * @throws DeepfakeException {@code MODEL_NOT_FOUND}, {@code MODEL_INVALID}, {@code CHECKSUM_MISMATCH},
     *         {@code BACKEND_FAILURE} for an unavailable execution provider
     */
    public static Classifier fromRegistry(String nameOrPath, OnnxSessionOptions options) throws DeepfakeException {
        return ModelRegistry.defaults().openClassifier(nameOrPath, options);
    }

    /**
     * @return MesoNet-4 (DF), the default classifier: imported from its authors' Keras weights on first use
     * @throws DeepfakeException when it cannot be resolved
     */
    public static Classifier mesonet() throws DeepfakeException {
        return fromRegistry(DEFAULT_MODEL);
    }
}
