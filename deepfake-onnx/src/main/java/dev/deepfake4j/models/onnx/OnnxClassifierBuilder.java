package dev.deepfake4j.models.onnx;

import static dev.deepfake4j.internal.Checks.checkArgument;

import ai.onnxruntime.OrtException;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.ModelTask;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Configures and opens an {@link OnnxClassifier}. Not thread-safe; reusable: each {@code open} creates an
 * independent classifier with its own session.
 */
public final class OnnxClassifierBuilder {
    private final ModelManifest manifest;
    private OnnxSessionOptions options = OnnxSessionOptions.defaults();
    /** 0: the provider's default, chosen once the session is open (a GPU provider may fall back to the CPU). */
    private int maxBatch;
    private String name;

    OnnxClassifierBuilder(ModelManifest manifest) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    /** @param options session options (default {@link OnnxSessionOptions#defaults()}) @return this */
    public OnnxClassifierBuilder sessionOptions(OnnxSessionOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * @param maxBatch crops per session run, 1..4096 (default {@value OnnxClassifier#CPU_DEFAULT_MAX_BATCH_SIZE} on the CPU,
     *        {@value OnnxClassifier#DEFAULT_MAX_BATCH_SIZE} on a GPU provider); a model with a
     *        fixed batch axis caps it further
     * @return this
     */
    public OnnxClassifierBuilder maxBatchSize(int maxBatch) {
        checkArgument(maxBatch >= 1 && maxBatch <= 4096, "max batch size must be in 1..4096: %s", maxBatch);
        this.maxBatch = maxBatch;
        return this;
    }

    /** @param name the name reports show (default: the manifest's name) @return this */
    public OnnxClassifierBuilder name(String name) {
        checkArgument(name != null && !name.isBlank(), "name must not be blank: '%s'", name);
        this.name = name;
        return this;
    }

    /**
     * Opens the model file.
     *
     * @param model an ONNX file
     * @return the classifier, owned by the caller (close it)
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the file does not exist;
     *         {@link ErrorCode#MODEL_INVALID} when it is not a loadable ONNX model or does not match the manifest
     *         (input or output names, input size or layout, output index; the message lists what the model has);
     *         {@link ErrorCode#BACKEND_FAILURE} when the execution provider is unavailable
     */
    public OnnxClassifier open(Path model) throws DeepfakeException {
        Objects.requireNonNull(model, "model");
        checkTask(model.toString());
        return create(OnnxSessions.open(options, model), model.toString());
    }

    /**
     * Opens a model held in memory.
     *
     * @param model the bytes of an ONNX file
     * @return the classifier, owned by the caller (close it)
     * @throws DeepfakeException as {@link #open(Path)}, except {@link ErrorCode#MODEL_NOT_FOUND}
     */
    public OnnxClassifier open(byte[] model) throws DeepfakeException {
        Objects.requireNonNull(model, "model");
        String description = "'" + manifest.name() + "' (in memory)";
        checkTask(description);
        return create(OnnxSessions.open(options, model, description), description);
    }

    private void checkTask(String description) throws DeepfakeException {
        if (manifest.task() != ModelTask.CLASSIFIER) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Manifest " + manifest.name() + " for "
                    + description + " describes a " + manifest.task().jsonName() + ", not a classifier");
        }
    }

    ModelManifest manifest() {
        return manifest;
    }

    String name() {
        return name;
    }

    /** @return the batch asked for, or 0 for the provider's default */
    int maxBatch() {
        return maxBatch;
    }

    private OnnxClassifier create(OnnxSessions.Opened opened, String description)
            throws DeepfakeException {
        try {
            return new OnnxClassifier(this, opened, description);
        } catch (DeepfakeException | RuntimeException e) {
            try {
                opened.session().close();
            } catch (OrtException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
