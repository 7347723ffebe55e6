package dev.deepfake4j.models.registry;

import dev.deepfake4j.models.efficientnet.DfdcWinner;
import dev.deepfake4j.models.keras.Architecture;
import dev.deepfake4j.models.keras.MesoNetImporter;
import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Importers by id (e.g. {@code keras-mesonet4}), as named by {@link RegistryEntry#importerId()}. Thread-safe.
 * {@link #shared()} is the process-wide table that {@link ModelRegistry#defaults()} uses; modules that provide
 * importers register them there, and tests can build their own table.
 */
public final class ModelImporters {
    /** Id of the importer for the MesoNet-4 Keras HDF5 weights ({@code Meso4_*.h5}). */
    public static final String KERAS_MESONET4 = "keras-mesonet4";
    /** Id of the importer for the MesoInception-4 Keras HDF5 weights ({@code MesoInception_*.h5}). */
    public static final String KERAS_MESOINCEPTION4 = "keras-mesoinception4";

    /** Id of the importer for the DFDC winner's PyTorch {@code DeepFakeClassifier} checkpoints (EfficientNet). */
    public static final String TORCH_DFDC_CLASSIFIER = "torch-dfdc-classifier";

    private static final ModelImporters SHARED = withBuiltIns();

    private final Map<String, ModelImporter> byId = new ConcurrentHashMap<>();

    /** Creates an empty table. */
    public ModelImporters() {
    }

    /**
     * @return a new table holding the importers this module ships: {@link #KERAS_MESONET4},
     *         {@link #KERAS_MESOINCEPTION4} and {@link #TORCH_DFDC_CLASSIFIER}
     */
    public static ModelImporters withBuiltIns() {
        return new ModelImporters()
                .register(KERAS_MESONET4, h5 -> MesoNetImporter.importOnnx(h5, Architecture.MESO4))
                .register(KERAS_MESOINCEPTION4, h5 -> MesoNetImporter.importOnnx(h5, Architecture.MESO_INCEPTION4))
                .register(TORCH_DFDC_CLASSIFIER, DfdcWinner::importOnnx);
    }

    /** @return the process-wide table (with the built-in importers) */
    public static ModelImporters shared() {
        return SHARED;
    }

    /**
     * Registers an importer; registering the same id again fails (naming the id), so two modules cannot silently
     * replace each other's importer.
     *
     * @param id the id registry entries use, e.g. {@code keras-mesonet4}
     * @param importer the importer
     * @return this
     * @throws IllegalArgumentException when the id is blank or already registered
     */
    public ModelImporters register(String id, ModelImporter importer) {
        checkArgument(id != null && !id.isBlank(), "importer id must not be blank: '%s'", id);
        Objects.requireNonNull(importer, "importer");
        ModelImporter earlier = byId.putIfAbsent(id, importer);
        checkArgument(earlier == null, "an importer is already registered for id %s: %s", id, earlier);
        return this;
    }

    /**
     * @param id an importer id
     * @return the importer, if registered
     */
    public Optional<ModelImporter> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** @return the registered ids, sorted */
    public Set<String> ids() {
        return new TreeSet<>(byId.keySet());
    }
}
