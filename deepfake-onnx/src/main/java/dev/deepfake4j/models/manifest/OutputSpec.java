package dev.deepfake4j.models.manifest;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.util.Objects;

/**
 * The manifest's {@code "output"} part: which output tensor a classifier reads and how its value becomes a
 * probability. Immutable and thread-safe.
 *
 * @param name the output tensor's name in the model
 * @param kind what the output holds (probability, logit or softmax scores)
 * @param index position along the output's last axis of the value read, 0 or more
 * @param positive which class that value is about; with {@link PositiveClass#REAL} the classifier reports
 *        {@code 1 - p}
 */
public record OutputSpec(String name, OutputKind kind, int index, PositiveClass positive) {
    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException when the name is blank or the index negative
     * @throws NullPointerException when the kind or positive class is null
     */
    public OutputSpec {
        checkArgument(name != null && !name.isBlank(), "output name must not be blank: '%s'", name);
        checkArgument(index >= 0, "output index must be 0 or more: %s", index);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(positive, "positive");
    }

    @Override
    public String toString() {
        return name + " " + kind + "[" + index + "] positive=" + positive;
    }
}
