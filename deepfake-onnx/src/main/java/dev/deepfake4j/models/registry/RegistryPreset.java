package dev.deepfake4j.models.registry;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.aggregate.EnsembleMode;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A named group of registry entries that only make sense together, with the rule that combines their scores —
 * e.g. {@code dfdc-winner}: the seven {@code dfdc-b7-*} checkpoints of the DFDC 1st place, combined with
 * {@link EnsembleMode#MODEL_MEAN} as the winner's {@code kernel_utils.py} does. A preset carries the rule so that a
 * caller cannot open the classifiers and forget it. Immutable and thread-safe.
 *
 * @param name the preset's name, spelled like a registry name (e.g. {@code dfdc-winner}); never also an entry name
 * @param description one line for people (what the preset is and where it comes from)
 * @param members the names of its entries, in the order their classifiers are opened; at least one, no repeats
 * @param ensembleMode how the members' scores are combined
 * @param license the members' licence, e.g. {@code MIT}
 */
public record RegistryPreset(String name, String description, List<String> members, EnsembleMode ensembleMode,
        String license) {
    /** Checks the components and copies the member list. */
    public RegistryPreset {
        checkArgument(name != null && name.matches("[a-z0-9][a-z0-9._-]*"),
                "preset name must be lower-case letters, digits, '.', '_' or '-': '%s'", name);
        checkArgument(description != null && !description.isBlank(), "preset %s: description must not be blank",
                name);
        Objects.requireNonNull(members, "members");
        checkArgument(!members.isEmpty(), "preset %s: needs at least one member", name);
        checkArgument(new HashSet<>(members).size() == members.size(), "preset %s: a member is named twice: %s", name,
                members);
        members = List.copyOf(members);
        Objects.requireNonNull(ensembleMode, "ensembleMode");
        checkArgument(license != null && !license.isBlank(), "preset %s: license must not be blank", name);
    }
}
