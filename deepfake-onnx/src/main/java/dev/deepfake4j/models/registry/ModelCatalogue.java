package dev.deepfake4j.models.registry;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a registry knows by name: its entries and its presets, in the order they were added. Immutable and
 * thread-safe; the {@link ModelRegistry.Builder} collects the maps and checks them here.
 */
final class ModelCatalogue {
    private final Map<String, RegistryEntry> entries;
    private final Map<String, RegistryPreset> presets;

    /**
     * @param entries entries by name, in order
     * @param presets presets by name, in order
     * @throws IllegalArgumentException when a preset names a missing entry or shares its name with an entry
     */
    ModelCatalogue(Map<String, RegistryEntry> entries, Map<String, RegistryPreset> presets) {
        // LinkedHashMap copies keep the order; Map.copyOf would not
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.presets = Collections.unmodifiableMap(new LinkedHashMap<>(presets));
        for (RegistryPreset p : this.presets.values()) {
            checkArgument(!this.entries.containsKey(p.name()), "preset %s has the name of an entry: %s", p.name(),
                    this.entries.get(p.name()));
            for (String member : p.members()) {
                checkArgument(this.entries.containsKey(member), "preset %s names %s, which is not an entry; entries: %s",
                        p.name(), member, this.entries.keySet());
            }
        }
    }

    List<RegistryEntry> entries() {
        return List.copyOf(entries.values());
    }

    List<String> entryNames() {
        return List.copyOf(entries.keySet());
    }

    Optional<RegistryEntry> findEntry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    RegistryEntry entry(String name) throws DeepfakeException {
        RegistryEntry e = entries.get(name);
        if (e == null) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "No model named '" + name + "' in the registry;"
                    + " known models: " + entries.keySet());
        }
        return e;
    }

    List<RegistryPreset> presets() {
        return List.copyOf(presets.values());
    }

    Optional<RegistryPreset> findPreset(String name) {
        return Optional.ofNullable(presets.get(name));
    }

    RegistryPreset preset(String name) throws DeepfakeException {
        RegistryPreset p = presets.get(name);
        if (p == null) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "No preset named '" + name + "' in the registry;"
                    + " known presets: " + presets.keySet() + (entries.containsKey(name)
                            ? " ('" + name + "' is a single model: resolve it by name)" : ""));
        }
        return p;
    }

    @Override
    public String toString() {
        return entries.keySet() + (presets.isEmpty() ? "" : " presets " + presets.keySet());
    }
}
