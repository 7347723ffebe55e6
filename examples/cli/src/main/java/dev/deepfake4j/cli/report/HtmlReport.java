package dev.deepfake4j.cli.report;

import static dev.deepfake4j.cli.report.Html.esc;

import dev.deepfake4j.VideoReport;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes one self-contained HTML page for a run of {@code eval} or {@code score}: with labels, a summary at the top
 * ({@link SummarySection}); then a card per video ({@link VideoCard}). No external resources: images are data URIs,
 * charts and overlays inline SVG, style and script inline, and the page's content-security policy forbids
 * anything else. Stateless; thread-safe.
 */
public final class HtmlReport {
    /** Longer side of the frame thumbnails the detector keeps for the page, in pixels. */
    public static final int THUMBNAIL_SIZE = 192;

    private HtmlReport() {
    }

    /**
     * @param out where the page goes
     * @param title the page's title
     * @param notes lines shown under the title (the detector's components, the calibration applied), may be empty
     * @param videos the videos, in card order; those with a label make up the summary
     * @param explainer makes the maps of a kept face crop, or {@code null} for no maps
     * @param mapsPerTrack faces mapped per track (those with the highest P(fake)), 0 for none
     * @throws IOException when writing fails
     */
    public static void write(Writer out, String title, List<String> notes, List<ReportVideo> videos,
            FaceExplainer explainer, int mapsPerTrack) throws IOException {
        if (mapsPerTrack < 0) {
            throw new IllegalArgumentException("maps per track must not be negative: " + mapsPerTrack);
        }
        List<VideoReport> reports = videos.stream().filter(v -> v.outcome().isSuccess())
                .map(v -> v.outcome().report().orElseThrow()).toList();
        FaceMaps maps = explainer == null || mapsPerTrack == 0 ? FaceMaps.none()
                : FaceMaps.make(reports, explainer, mapsPerTrack);
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + ReportStyle.CSP + "\"><title>"
                + esc(title) + "</title>\n<style>" + ReportStyle.CSS + "</style></head><body>\n");
        out.write("<h1>" + esc(title) + "</h1>\n");
        for (String note : notes) {
            out.write("<p class=\"note\">" + esc(note) + "</p>\n");
        }
        out.write("<p class=\"meta\">Boxes, crop borders and strip cells are coloured by"
                + " the face's probability of being fake: green 0, yellow 0.5, red 1. On the maps, red marks regions"
                + " whose covering lowered P(fake) (they looked fake), blue regions whose covering raised it.</p>\n");
        out.write("<div class=\"controls\"><label><input type=\"checkbox\" id=\"only-wrong\"> only wrong verdicts"
                + "</label><label><input type=\"checkbox\" id=\"show-maps\" checked> maps</label></div>\n");
        if (videos.stream().anyMatch(v -> v.truth() != null)) {
            out.write(SummarySection.html(videos, maps));
        }
        for (int i = 0; i < videos.size(); i++) {
            out.write(VideoCard.html("card-" + i, videos.get(i), maps));
        }
        out.write("<script>" + ReportStyle.SCRIPT + "</script>\n</body></html>\n");
    }
}
