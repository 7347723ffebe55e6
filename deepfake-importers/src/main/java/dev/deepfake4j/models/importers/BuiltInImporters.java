package dev.deepfake4j.models.importers;

import dev.deepfake4j.models.efficientnet.DfdcWinner;
import dev.deepfake4j.models.keras.Architecture;
import dev.deepfake4j.models.keras.MesoNetImporter;
import dev.deepfake4j.models.registry.ModelImporter;
import dev.deepfake4j.models.registry.ModelImporterProvider;
import dev.deepfake4j.models.registry.Icpr2020Release;
import dev.deepfake4j.models.registry.ModelImporters;
import java.util.HashMap;
import java.util.Map;

/**
 * The importers of the registry's built-in models: MesoNet-4 and MesoInception-4 from their authors' Keras HDF5
 * weights, the DFDC winner's PyTorch checkpoints, and polimi ICPR 2020's four EfficientNet-B4 variants
 * ({@code torch-icpr2020-<model>}). Found by {@link ModelImporters#discover()}. Stateless and
 * thread-safe.
 */
public final class BuiltInImporters implements ModelImporterProvider {
    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public BuiltInImporters() {
    }

    @Override
    public Map<String, ModelImporter> importers() {
        Map<String, ModelImporter> importers = new HashMap<>(Map.of(
                ModelImporters.KERAS_MESONET4, h5 -> MesoNetImporter.importOnnx(h5, Architecture.MESO4),
                ModelImporters.KERAS_MESOINCEPTION4, h5 -> MesoNetImporter.importOnnx(h5, Architecture.MESO_INCEPTION4),
                ModelImporters.TORCH_DFDC_CLASSIFIER, DfdcWinner::importOnnx));
        for (ModelFamily family : ModelFamily.values()) {
            if (family.id().startsWith("icpr2020-")) {
                String model = family.id().substring("icpr2020-".length());
                importers.put(Icpr2020Release.importerId(model), pth -> FamilyImporter.toOnnx(family, pth));
            }
        }
        return Map.copyOf(importers);
    }
}
