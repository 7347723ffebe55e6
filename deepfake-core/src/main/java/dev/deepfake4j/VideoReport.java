package dev.deepfake4j;

import dev.deepfake4j.face.FaceTrack;
import dev.deepfake4j.sampling.VideoInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the detector found out about one video: the probability that it is fake, the verdict, and the
 * evidence (frames, faces, tracks), with per-stage timings and warnings. Immutable and thread-safe.
 *
 * @param path the video file
 * @param pFake probability that the video is fake, clipped to [ε, 1 − ε]; the configured prior when no face
 *        was found
 * @param label the verdict at {@code threshold}
 * @param threshold probability above which the video is called FAKE
 * @param info what the decoder learned about the video
 * @param frames the sampled frames, in order
 * @param tracks the kept face tracks, each with its aggregated score
 * @param timings time spent per stage
 * @param warnings problems that did not stop the analysis (truncated file, no face found, …)
 * @param rawPFake the probability before the detector's calibration (clipped like {@code pFake}); equal to
 *        {@code pFake} when the detector has no calibration or the verdict is UNKNOWN (the prior is not calibrated)
 */
public record VideoReport(Path path, double pFake, Label label, double threshold, VideoInfo info,
        List<FrameResult> frames, List<FaceTrack> tracks, StageTimings timings, List<String> warnings,
        double rawPFake) {

    /** Copies the lists and checks the fields. */
    public VideoReport {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(timings, "timings");
        frames = List.copyOf(frames);
        tracks = List.copyOf(tracks);
        warnings = List.copyOf(warnings);
    }

    /** A report without calibration: {@code rawPFake} is {@code pFake}. */
    public VideoReport(Path path, double pFake, Label label, double threshold, VideoInfo info,
            List<FrameResult> frames, List<FaceTrack> tracks, StageTimings timings, List<String> warnings) {
        this(path, pFake, label, threshold, info, frames, tracks, timings, warnings, pFake);
    }

    /** @return whether a calibration changed the score ({@code pFake != rawPFake}) */
    public boolean calibrated() {
        return pFake != rawPFake;
    }

    /** @return whether at least one face was kept in at least one frame */
    public boolean facesFound() {
        return !tracks.isEmpty();
    }

    /** @return the number of faces kept across all frames */
    public int faceCount() {
        return frames.stream().mapToInt(f -> f.faces().size()).sum();
    }
}
