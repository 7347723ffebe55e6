package dev.deepfake4j.cli.report;

import dev.deepfake4j.VideoOutcome;
import java.util.Objects;
import java.util.Optional;

/**
 * One video of a report: how it is named, what it truly is when known, and how scoring went. Immutable.
 *
 * @param key the name shown (a labels-file key, or the path given)
 * @param truth {@code true} for FAKE, {@code false} for REAL, {@code null} when there is no label
 * @param outcome the report or the error
 */
public record ReportVideo(String key, Boolean truth, VideoOutcome outcome) {
    /** Checks that key and outcome are given. */
    public ReportVideo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** @return the label, when known */
    public Optional<Boolean> truthIfKnown() {
        return Optional.ofNullable(truth);
    }
}
