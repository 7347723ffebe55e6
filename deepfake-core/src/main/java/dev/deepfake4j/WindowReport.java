package dev.deepfake4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on one window of a video scored by {@link DeepfakeDetector#analyzeWindows}, with the running verdict
 * on the video so far. Immutable and thread-safe. The detector keeps no reference to it once it is handed over: the
 * listener owns it.
 *
 * @param path the input's {@link VideoInput#reportPath()}
 * @param index the window's number, from 0 (a window without any decoded frame is not reported, so numbers can skip)
 * @param startSeconds where the window starts, in seconds of the stream's presentation time
 * @param endSeconds where it ends (exclusive): {@code startSeconds} plus the window length, also for the last window
 * @param pFake the window's own P(fake), aggregated over its tracks as {@link DeepfakeDetector#analyze} aggregates a
 *        clip; the no-face prior when the window is {@link Label#UNKNOWN}
 * @param label the window's verdict at {@code threshold}; UNKNOWN when it holds too few faces
 * @param faceCount faces classified in the window (over all its sampled frames)
 * @param frames the window's sampled frames with their faces and scores, in order
 * @param runningPFake the video's P(fake) so far: the maximum {@code pFake} over the windows judged so far (a video is
 *        fake when any part of it is, as tracks are combined by default); the no-face prior while none was judged
 * @param runningLabel the running verdict at {@code threshold}; UNKNOWN while no window was judged
 * @param threshold probability above which a window or the video is called FAKE
 * @param warning why the window is UNKNOWN, when it is
 */
public record WindowReport(Path path, long index, double startSeconds, double endSeconds, double pFake, Label label,
        int faceCount, List<FrameResult> frames, double runningPFake, Label runningLabel, double threshold,
        Optional<String> warning) {

    /** Copies the frames and checks the fields. */
    public WindowReport {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(runningLabel, "runningLabel");
        Objects.requireNonNull(warning, "warning");
        frames = List.copyOf(frames);
    }
}
