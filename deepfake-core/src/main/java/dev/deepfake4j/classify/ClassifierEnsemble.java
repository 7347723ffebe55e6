package dev.deepfake4j.classify;

import dev.deepfake4j.aggregate.EnsembleMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Several classifiers together with the rule that combines them, so that a published ensemble (such as the DFDC
 * winner's seven EfficientNet-B7, aggregated per model and then averaged) cannot be used with the wrong rule.
 * Pass it to {@code DetectorBuilder.ensemble(...)}.
 *
 * <p><b>Ownership.</b> The ensemble owns its classifiers: {@link #close()} closes each of them (the detector
 * never closes what the caller passed in). Immutable and thread-safe when its classifiers are.
 */
public final class ClassifierEnsemble implements AutoCloseable {
    private final String name;
    private final List<Classifier> members;
    private final EnsembleMode mode;

    /**
     * @param name the ensemble's name, for logs and reports (e.g. {@code dfdc-winner})
     * @param members one or more classifiers, owned by this ensemble from now on
     * @param mode how their scores combine
     */
    public ClassifierEnsemble(String name, List<Classifier> members, EnsembleMode mode) {
        this.name = Objects.requireNonNull(name, "name");
        this.mode = Objects.requireNonNull(mode, "mode");
        members.forEach(c -> Objects.requireNonNull(c, "members contains null"));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one classifier: " + name);
        }
        this.members = List.copyOf(members);
    }

    /** @return the ensemble's name */
    public String name() {
        return name;
    }

    /** @return the classifiers, in order */
    public List<Classifier> members() {
        return members;
    }

    /** @return how the members' scores combine */
    public EnsembleMode mode() {
        return mode;
    }

    /** Closes every member, also when one of them fails to close. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Classifier c : members) {
            try {
                c.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Override
    public String toString() {
        return "ClassifierEnsemble[" + name + ", " + members.size() + " classifiers, " + mode + "]";
    }
}
