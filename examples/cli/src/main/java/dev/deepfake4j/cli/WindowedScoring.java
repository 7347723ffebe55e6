package dev.deepfake4j.cli;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.WindowOptions;
import dev.deepfake4j.WindowReport;
import dev.deepfake4j.WindowedReport;
import dev.deepfake4j.server.ReportJson;
import dev.deepfake4j.server.WindowJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code score --window}: each video (or the stream on standard input, read as it arrives) scored window by window,
 * one line per window as soon as it is scored, then the video's line with the running verdict. Videos go one after
 * another, since a live stream has no end to wait for. Not thread-safe; one per command.
 */
final class WindowedScoring {
    private final DeepfakeDetector detector;
    private final WindowOptions options;
    private final boolean json;
    private final PrintWriter out;
    private final PrintWriter err;

    WindowedScoring(DeepfakeDetector detector, WindowOptions options, boolean json, PrintWriter out, PrintWriter err) {
        this.detector = detector;
        this.options = options;
        this.json = json;
        this.out = out;
        this.err = err;
    }

    /**
     * @param stdin whether standard input is scored (first)
     * @param videos the files
     * @return how many failed
     */
    int scoreAll(boolean stdin, List<Path> videos) {
        int failed = 0;
        if (stdin && !score(VideoInput.stdin())) {
            failed++;
        }
        for (Path video : videos) {
            if (!score(VideoInput.of(video))) {
                failed++;
            }
        }
        return failed;
    }

    private boolean score(VideoInput input) {
        try {
            WindowedReport summary = detector.analyzeWindows(input, options, this::printWindow);
            if (json) {
                out.println(WindowJson.of(summary));
            } else {
                out.println(String.format(Locale.ROOT, "%.4f  %s  %s  (%d windows, %d judged)", summary.pFake(),
                        summary.label(), summary.path(), summary.windows(), summary.judgedWindows()));
            }
            out.flush();
            return true;
        } catch (DeepfakeException e) {
            if (json) {
                out.println(ReportJson.error(input.name(), e));
            } else {
                out.println(String.format(Locale.ROOT, "%6s  %s  %s", "-", "ERROR", input.name()));
            }
            out.flush();
            err.println("deepfake4j: " + input.name() + ": " + e.code() + ": " + e.getMessage());
            return false;
        }
    }

    private void printWindow(WindowReport w) {
        if (json) {
            out.println(WindowJson.of(w));
        } else {
            out.println(String.format(Locale.ROOT, "%.4f  %s  %s  [%.1f s, %.1f s)  running %.4f %s", w.pFake(),
                    w.label(), w.path(), w.startSeconds(), w.endSeconds(), w.runningPFake(), w.runningLabel()));
        }
        out.flush();
    }
}
