package dev.deepfake4j.models;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.aggregate.EnsembleMode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.ClassifierEnsemble;
import dev.deepfake4j.models.efficientnet.DfdcWinner;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import dev.deepfake4j.models.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Ready-made classifiers: registry models by name, or any ONNX file with its manifest ({@code model.json}) beside
 * it. Each call opens a new ONNX Runtime session that the caller owns and closes. Thread-safe.
 */
public final class Classifiers {
    /** The default classifier's registry name: MesoNet-4 trained on the authors' Deepfake set. */
    public static final String DEFAULT_MODEL = "mesonet4-df";
    /**
     * The DFDC 1st place's ensemble: seven EfficientNet-B7 checkpoints, each aggregated with the confident strategy
     * and then averaged ({@link EnsembleMode#MODEL_MEAN}); see {@link #dfdcWinner()}.
     */
    public static final String DFDC_WINNER = "dfdc-winner";

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
     * @param name a registry name, a file, or an ensemble preset ({@link #DFDC_WINNER})
     * @return whether the name is an ensemble preset
     */
    public static boolean isEnsemble(String name) {
        return DFDC_WINNER.equals(name);
    }

    /**
     * The DFDC winner's preset: its seven classifiers with its rule ({@link EnsembleMode#MODEL_MEAN}: the confident
     * strategy per model, then the mean of the models), ready for {@code DetectorBuilder.ensemble(...)}. All seven
     * files are resolved before any is opened, so that a machine without network learns at once every file it has
     * to place in the mirror. Each carries the winner's crop region and 380-pixel letterbox input in its manifest.
     * Costly on a CPU (EfficientNet-B7 at 380 px, seven times per face): a GPU is advised.
     *
     * @return the ensemble of seven new classifiers, owned by the caller (closing it closes them)
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} naming every missing file, or the first other error
     */
    public static ClassifierEnsemble dfdcWinner() throws DeepfakeException {
        ModelRegistry registry = ModelRegistry.defaults();
        List<String> names = DfdcWinner.CHECKPOINTS.stream()
                .map(c -> registry.entries().stream().filter(e -> e.fileName().equals(c)).findFirst().orElseThrow().name())
                .toList();
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            try {
                registry.resolve(n);
            } catch (DeepfakeException e) {
                if (e.code() != ErrorCode.MODEL_NOT_FOUND && e.code() != ErrorCode.IO_FAILURE) {
                    throw e;
                }
                missing.add(registry.entry(n).fileName());
            }
        }
        if (!missing.isEmpty()) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "The " + DFDC_WINNER + " ensemble needs "
                    + missing.size() + " checkpoint(s) that are neither cached in " + registry.config().cacheDir()
                    + " nor in the mirror" + registry.config().mirror().map(m -> " " + m).orElse(" (none set)")
                    + ", and they could not be downloaded here: put " + String.join(", ", missing) + " (from "
                    + DfdcWinner.RELEASE_URL + ") into " + registry.config().cacheDir() + " or the mirror folder");
        }
        List<Classifier> opened = new ArrayList<>();
        try {
            for (String n : names) {
                opened.add(fromRegistry(n));
            }
            return new ClassifierEnsemble(DFDC_WINNER, opened, EnsembleMode.MODEL_MEAN);
        } catch (DeepfakeException | RuntimeException e) {
            opened.forEach(Classifier::close);
            throw e;
        }
    }

    /**
     * @return MesoNet-4 (DF), the default classifier: imported from its authors' Keras weights on first use
     * @throws DeepfakeException when it cannot be resolved
     */
    public static Classifier mesonet() throws DeepfakeException {
        return fromRegistry(DEFAULT_MODEL);
    }
}
