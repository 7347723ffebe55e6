package dev.deepfake4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The summary of a video scored window by window ({@link DeepfakeDetector#analyzeWindows}): a fixed number of
 * counters and the running verdict, never per-window or per-frame data, so it is the same size for a minute and for
 * a day of video. Immutable and thread-safe.
 *
 * @param path the input's {@link VideoInput#reportPath()}
 * @param windows how many windows were reported
 * @param judgedWindows how many of them had enough faces for a verdict (not UNKNOWN)
 * @param framesSampled sampled frames over all windows
 * @param faces faces classified over all windows
 * @param pFake the video's P(fake): the maximum window P(fake) over judged windows; the no-face prior when none was
 *        judged
 * @param label the verdict at {@code threshold}; UNKNOWN when no window was judged
 * @param threshold probability above which the video is called FAKE
 * @param firstSeconds the start of the first window, in seconds of presentation time (0 when no window)
 * @param lastSeconds the end of the last window (0 when no window)
 * @param peakFramesHeld the most sampled frames whose results the detector held at once; at most one window's
 *        ({@code framesPerWindow}), however long the video: what shows memory stayed bounded
 * @param warnings the decoder's and classifiers' warnings at the end of the run
 */
public record WindowedReport(Path path, long windows, long judgedWindows, long framesSampled, long faces,
        double pFake, Label label, double threshold, double firstSeconds, double lastSeconds, int peakFramesHeld,
        List<String> warnings) {

    /** Copies the warnings and checks the fields. */
    public WindowedReport {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(label, "label");
        warnings = List.copyOf(warnings);
    }
}
