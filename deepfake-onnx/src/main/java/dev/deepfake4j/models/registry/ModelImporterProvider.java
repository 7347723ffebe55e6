package dev.deepfake4j.models.registry;

import java.util.Map;

/**
 * Offers model importers to {@link ModelImporters#discover()}, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.deepfake4j.models.registry.ModelImporterProvider}). Implementations need a public
 * no-argument constructor and must be thread-safe.
 */
public interface ModelImporterProvider {
    /** @return importers by the id registry entries name them with (e.g. {@code keras-mesonet4}) */
    Map<String, ModelImporter> importers();
}
