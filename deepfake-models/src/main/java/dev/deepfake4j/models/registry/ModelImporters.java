package dev.deepfake4j.models.registry;

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
    private static final ModelImporters SHARED = new ModelImporters();

    private final Map<String, ModelImporter> byId = new ConcurrentHashMap<>();

    /** Creates an empty table. */
    public ModelImporters() {
    }

    /** @return the process-wide table */
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
