package dev.deepfake4j.models;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.aggregate.EnsembleMode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.ClassifierEnsemble;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import dev.deepfake4j.models.registry.ModelRegistry;
import dev.deepfake4j.models.registry.RegistryEntry;
import dev.deepfake4j.models.registry.RegistryPreset;
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

    /**
     * The default classifier's session options: one intra-op thread. A MesoNet face takes about 2 ms, and a detector
     * already decodes one video per core, so a second ONNX Runtime thread only adds hand-offs: 0.97x the CPU and
     * 0.95x the wall time of ONNX Runtime's default on the 9 labelled clips (docs/benchmarks.md).
     */
    public static final OnnxSessionOptions MESONET_OPTIONS = OnnxSessionOptions.builder().intraOpThreads(1).build();

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
     * @param name a registry name, a file, or a preset of the default registry ({@link #DFDC_WINNER}, …)
     * @return whether the name is a preset (an ensemble with its own rule, opened by {@link #preset})
     */
    public static boolean isEnsemble(String name) {
        return ModelRegistry.defaults().findPreset(name).isPresent();
    }

    /**
     * The DFDC winner's preset: its seven classifiers with its rule ({@link EnsembleMode#MODEL_MEAN}: the confident
     * strategy per model, then the mean of the models), ready for {@code DetectorBuilder.ensemble(...)}. Each
     * carries the winner's crop region and 380-pixel letterbox input in its manifest. Costly on a CPU
     * (EfficientNet-B7 at 380 px, seven times per face): a GPU is advised.
     *
     * @return the ensemble of seven new classifiers, owned by the caller (closing it closes them)
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} naming every missing file, or the first other error
     */
    public static ClassifierEnsemble dfdcWinner() throws DeepfakeException {
        return preset(DFDC_WINNER);
    }

    /**
     * Opens a preset of the default registry with its rule. Every member file is resolved before any is opened, so
     * that a machine without network learns at once every file it has to place in the mirror.
     *
     * @param name the preset's name ({@code models list} shows them)
     * @return the ensemble of new classifiers, owned by the caller (closing it closes them)
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} for an unknown preset or naming every missing file, or the
     *         first other error
     */
    public static ClassifierEnsemble preset(String name) throws DeepfakeException {
        ModelRegistry registry = ModelRegistry.defaults();
        RegistryPreset preset = registry.preset(name);
        List<String> missing = new ArrayList<>();
        for (String member : preset.members()) {
            try {
                registry.resolve(member);
            } catch (DeepfakeException e) {
                if (e.code() != ErrorCode.MODEL_NOT_FOUND && e.code() != ErrorCode.IO_FAILURE) {
                    throw e;
                }
                RegistryEntry entry = registry.entry(member);
                missing.add(entry.fileName() + " (from " + entry.url()
                        + (entry.isPinned() ? ", sha256 " + entry.sha256() : "") + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "The " + name + " ensemble needs "
                    + missing.size() + " file(s) that are neither cached in " + registry.config().cacheDir()
                    + " nor in the mirror" + registry.config().mirror().map(m -> " " + m).orElse(" (none set)")
                    + ", and they could not be downloaded here: put " + String.join(", ", missing) + " into "
                    + registry.config().cacheDir() + " or the mirror folder");
        }
        List<Classifier> opened = new ArrayList<>();
        try {
            for (String member : preset.members()) {
                opened.add(registry.openClassifier(member, OnnxSessionOptions.defaults()));
            }
            return new ClassifierEnsemble(name, opened, preset.ensembleMode());
        } catch (DeepfakeException | RuntimeException e) {
            opened.forEach(Classifier::close);
            throw e;
        }
    }

    /**
     * @return MesoNet-4 (DF), the default classifier: imported from its authors' Keras weights on first use, on the
     *         CPU with one intra-op thread ({@link #MESONET_OPTIONS})
     * @throws DeepfakeException when it cannot be resolved
     */
    public static Classifier mesonet() throws DeepfakeException {
        return fromRegistry(DEFAULT_MODEL, MESONET_OPTIONS);
    }
}
