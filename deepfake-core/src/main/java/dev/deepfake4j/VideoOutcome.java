package dev.deepfake4j;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one video in a batch: a report, or the error that stopped it. Other videos of the batch are not
 * affected by one video's failure. Immutable.
 */
public final class VideoOutcome {
    private final Path path;
    private final VideoReport report;
    private final DeepfakeException error;

    private VideoOutcome(Path path, VideoReport report, DeepfakeException error) {
        this.path = Objects.requireNonNull(path, "path");
        this.report = report;
        this.error = error;
    }

    /**
     * @param report the finished report
     * @return a successful outcome
     */
    public static VideoOutcome success(VideoReport report) {
        return new VideoOutcome(report.path(), report, null);
    }

    /**
     * @param path the video
     * @param error why it failed
     * @return a failed outcome
     */
    public static VideoOutcome failure(Path path, DeepfakeException error) {
        return new VideoOutcome(path, null, Objects.requireNonNull(error, "error"));
    }

    /** @return the video */
    public Path path() {
        return path;
    }

    /** @return whether the video was scored */
    public boolean isSuccess() {
        return report != null;
    }

    /** @return the report when the video was scored */
    public Optional<VideoReport> report() {
        return Optional.ofNullable(report);
    }

    /** @return the error when it failed */
    public Optional<DeepfakeException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return isSuccess() ? "VideoOutcome[" + path + " p_fake=" + report.pFake() + "]"
                : "VideoOutcome[" + path + " " + error + "]";
    }
}
