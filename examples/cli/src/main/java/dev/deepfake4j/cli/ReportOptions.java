package dev.deepfake4j.cli;

import dev.deepfake4j.cli.report.HtmlReport;
import dev.deepfake4j.cli.report.ReportVideo;
import dev.deepfake4j.explain.OcclusionOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code score} and {@code eval} that ask for an HTML report, and writing it. */
final class ReportOptions {
    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a page a person can look at:"
            + " with labels, metrics, confusion matrix, ROC and reliability charts and log loss per video; per video"
            + " the verdict beside the truth, track score strips, the face crops the classifier saw and occlusion maps.")
    Path file;

    @Option(names = "--maps-per-track", paramLabel = "N", description = "Occlusion maps in the report for the N faces"
            + " of each track with the highest P(fake) (default 1; 0 for none). Each costs about 120 classifier calls.")
    int mapsPerTrack = 1;

    /** @return whether a report was asked for (the detector then keeps thumbnails and crops) */
    boolean wanted() {
        return file != null;
    }

    /** Checks the options before anything is scored. */
    void check() {
        if (mapsPerTrack < 0) {
            throw new UsageException("--maps-per-track must not be negative: " + mapsPerTrack);
        }
    }

    /**
     * Writes the page atomically, making the maps with the detector (which must still be open). A page that cannot
     * be written is an error line naming the file, not an exception: what was scored is still printed.
     *
     * @param a the detector that scored the videos
     * @param title the page title
     * @param notes lines under the title besides the detector's description (which comes first)
     * @param videos the videos in card order
     * @param err where the "report written" or error line goes
     * @return whether the page was written
     */
    boolean write(DetectorOptions.Assembled a, String title, List<String> notes, List<ReportVideo> videos,
            PrintWriter err) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("detector: " + a.detector.describe());
        lines.addAll(notes);
        try {
            AtomicFiles.write(file, w -> HtmlReport.write(w, title, lines, videos,
                    crop -> a.detector.explain(crop, OcclusionOptions.forCrop(crop.width(), crop.height())),
                    mapsPerTrack));
            err.println("deepfake4j: report written to " + file);
            return true;
        } catch (IOException | UncheckedIOException e) {
            err.println("deepfake4j: report not written to " + file + ": " + e);
            return false;
        } finally {
            err.flush();
        }
    }
}
