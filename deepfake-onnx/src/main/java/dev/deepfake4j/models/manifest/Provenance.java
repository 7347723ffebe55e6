package dev.deepfake4j.models.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * The manifest's provenance part: where a model comes from and under which licence ({@code "license"} and
 * {@code "source"} at the manifest's top level), both free text and both optional. Immutable and thread-safe.
 *
 * @param license the model's licence (e.g. an SPDX id), when given
 * @param source where the model comes from (URL or free text), when given
 */
public record Provenance(Optional<String> license, Optional<String> source) {
    /** Provenance with neither licence nor source. */
    public static final Provenance NONE = new Provenance(Optional.empty(), Optional.empty());

    /** Checks the fields. */
    public Provenance {
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(source, "source");
    }

    /**
     * @param license the licence, or null
     * @param source the source, or null
     * @return the provenance
     */
    public static Provenance of(String license, String source) {
        return new Provenance(Optional.ofNullable(license), Optional.ofNullable(source));
    }
}
