package dev.deepfake4j.cli.report;

import static dev.deepfake4j.cli.report.Html.esc;
import static dev.deepfake4j.cli.report.Html.num;

import dev.deepfake4j.Label;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.face.FaceTrack;
import java.util.Locale;

/**
 * One video's card: the verdict with the truth beside it (right, wrong, or grey for UNKNOWN), what was sampled
 * and how long it took, warnings, each track ({@link TrackSection}) and the frame thumbnails
 * ({@link FrameGallery}). Stateless.
 */
final class VideoCard {
    private VideoCard() {
    }

    /**
     * @param id the card's anchor, which the summary links to
     * @param v the video
     * @param maps the maps made for the report
     * @return a {@code <section class="video">}
     */
    static String html(String id, ReportVideo v, FaceMaps maps) {
        if (!v.outcome().isSuccess()) {
            var e = v.outcome().error().orElseThrow();
            return "<section class=\"video failed\" id=\"" + id + "\"><h2><span class=\"verdict ERROR\">" + e.code()
                    + "</span>" + truth(v) + "<span class=\"key\">" + esc(v.key()) + "</span></h2><p>"
                    + esc(String.valueOf(e.getMessage())) + "</p></section>\n";
        }
        VideoReport r = v.outcome().report().orElseThrow();
        String judged = v.truth() == null || r.label() == Label.UNKNOWN ? ""
                : (r.label() == Label.FAKE) == v.truth() ? " right" : " wrong";
        StringBuilder sb = new StringBuilder("<section class=\"video").append(judged).append("\" id=\"").append(id)
                .append("\"><h2><span class=\"verdict ").append(r.label()).append("\">").append(r.label()).append(' ')
                .append(num(r.pFake())).append("</span>").append(truth(v));
        if (!judged.isEmpty()) {
            sb.append("<span class=\"mark").append(judged).append("\">").append(judged.equals(" right") ? "✓" : "✗")
                    .append("</span>");
        }
        sb.append("<span class=\"key\">").append(esc(v.key())).append("</span></h2>");
        sb.append("<div class=\"meta\">").append(r.info().width()).append('×').append(r.info().height()).append(", ")
                .append(r.frames().size()).append(" frames sampled, ").append(r.faceCount()).append(" faces in ")
                .append(r.tracks().size()).append(" tracks")
                .append(r.calibrated() ? "; raw P(fake) " + num(r.rawPFake()) + ", calibrated " + num(r.pFake()) : "")
                .append(String.format(Locale.ROOT, "; decode %.0f ms, locate %.0f ms, classify %.0f ms, total %.0f ms",
                        r.timings().decodeMillis(), r.timings().locateMillis(), r.timings().classifyMillis(),
                        r.timings().totalMillis()))
                .append("</div>");
        for (String warning : r.warnings()) {
            sb.append("<div class=\"warn\">⚠ ").append(esc(warning)).append("</div>");
        }
        for (FaceTrack t : r.tracks()) {
            sb.append(TrackSection.html(t, r.frames(), maps));
        }
        return sb.append(FrameGallery.html(r)).append("</section>\n").toString();
    }

    private static String truth(ReportVideo v) {
        if (v.truth() == null) {
            return "";
        }
        String t = v.truth() ? "FAKE" : "REAL";
        return "<span class=\"truth " + t + "\">truth " + t + "</span>";
    }
}
