package dev.deepfake4j.models.registry;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Importers by id (e.g. {@code keras-mesonet4}), as named by {@link RegistryEntry#importerId()}. Thread-safe.
 * {@link #shared()} is the process-wide table that {@link ModelRegistry#defaults()} uses, filled from the
 * {@link ModelImporterProvider}s on the class path ({@code dev.deepfake4j:deepfake-importers} ships the built-in
 * ones); tests can build their own table.
 *
 * <p>The importers live in their own module so that a user who brings ONNX models does not carry HDF5, pickle and
 * protobuf code: without that module a registry entry that needs an import fails with
 * {@link dev.deepfake4j.ErrorCode#MISSING_COMPONENT} naming it.
 */
public final class ModelImporters {
    /** Id of the importer for the MesoNet-4 Keras HDF5 weights ({@code Meso4_*.h5}). */
    public static final String KERAS_MESONET4 = "keras-mesonet4";
    /** Id of the importer for the MesoInception-4 Keras HDF5 weights ({@code MesoInception_*.h5}). */
    public static final String KERAS_MESOINCEPTION4 = "keras-mesoinception4";

    /** Id of the importer for the DFDC winner's PyTorch {@code DeepFakeClassifier} checkpoints (EfficientNet). */
    public static final String TORCH_DFDC_CLASSIFIER = "torch-dfdc-classifier";

    private static final ModelImporters SHARED = discover();

    private final Map<String, ModelImporter> byId = new ConcurrentHashMap<>();

    /** Creates an empty table. */
    public ModelImporters() {
    }

    /**
     * @return a new table holding every importer that the {@link ModelImporterProvider}s on the class path offer
     *         (with {@code deepfake-importers}: {@link #KERAS_MESONET4}, {@link #KERAS_MESOINCEPTION4} and
     *         {@link #TORCH_DFDC_CLASSIFIER})
     * @throws IllegalArgumentException when two providers offer the same id
     */
    public static ModelImporters discover() {
        ModelImporters table = new ModelImporters();
        for (ModelImporterProvider provider : ServiceLoader.load(ModelImporterProvider.class,
                ModelImporters.class.getClassLoader())) {
            provider.importers().forEach(table::register);
        }
        return table;
    }

    /** @return the process-wide table (what {@link #discover()} found when this class loaded) */
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
