package dev.deepfake4j.cli.report;

import static dev.deepfake4j.cli.report.Html.colour;
import static dev.deepfake4j.cli.report.Html.num;

import dev.deepfake4j.FrameResult;
import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceTrack;
import dev.deepfake4j.face.TrackedFace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One face track of a video card: its score, a strip with one cell per sampled frame (P(fake) in the cell, the
 * frame index under it), the face crops the classifier saw, and the maps made for it. Stateless.
 */
final class TrackSection {
    /** Crops shown per track at most (evenly spread over the track; mapped faces come as maps). */
    static final int MAX_CROPS = 12;
    /** Side of a crop on the page, in CSS pixels. */
    static final int CROP_SIZE = 128;

    private TrackSection() {
    }

    /**
     * @param t the track
     * @param frames every sampled frame of the video, in order
     * @param maps the maps made for the report
     * @return a {@code <div class="track">}
     */
    static String html(FaceTrack t, List<FrameResult> frames, FaceMaps maps) {
        StringBuilder sb = new StringBuilder("<div class=\"track\"><h3>track ").append(t.id()).append(": P(fake) ")
                .append(num(t.pFake())).append(", ").append(t.faces().size()).append(" faces</h3>");
        sb.append("<div class=\"strip\" title=\"P(fake) of this track's face per sampled frame; frame index below\">");
        for (FrameResult f : frames) {
            TrackedFace face = f.faces().stream().filter(x -> x.trackId() == t.id()).findFirst().orElse(null);
            sb.append("<div class=\"cell\"><div class=\"p\" style=\"background:")
                    .append(face == null ? "#eee" : colour(face.pFake())).append("\" title=\"frame ").append(f.index())
                    .append(face == null ? ": no face" : ": P(fake) " + num(face.pFake())).append("\">")
                    .append(face == null ? "" : String.format(Locale.ROOT, "%.2f", face.pFake()))
                    .append("</div><div class=\"idx\">").append(f.index()).append("</div></div>");
        }
        sb.append("</div>");
        List<TrackedFace> withCrops = t.faces().stream().filter(f -> f.cropIfKept().isPresent()).toList();
        if (!withCrops.isEmpty()) {
            sb.append("<div class=\"crops\">");
            for (TrackedFace f : spread(withCrops, MAX_CROPS)) {
                sb.append("<figure><img class=\"crop\" width=\"").append(CROP_SIZE).append("\" height=\"")
                        .append(CROP_SIZE).append("\" src=\"").append(Images.dataUri(f.cropIfKept().orElseThrow()))
                        .append("\" alt=\"face crop, frame ").append(f.frameIndex()).append("\" style=\"border-color:")
                        .append(colour(f.pFake())).append("\"><figcaption>#").append(f.frameIndex()).append(' ')
                        .append(num(f.pFake())).append("</figcaption></figure>");
            }
            sb.append("</div>");
        }
        StringBuilder mapped = new StringBuilder();
        for (TrackedFace f : t.faces()) {
            for (SensitivityMap m : maps.of(f)) {
                mapped.append(MapFigure.figure(f, m));
            }
        }
        if (!mapped.isEmpty()) {
            sb.append("<div class=\"maps\">").append(mapped).append("</div>");
        }
        return sb.append("</div>").toString();
    }

    /** @return at most {@code n} of the faces, evenly spaced, first and last included */
    static List<TrackedFace> spread(List<TrackedFace> faces, int n) {
        if (faces.size() <= n) {
            return faces;
        }
        List<TrackedFace> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(faces.get((int) Math.round(i * (faces.size() - 1) / (double) (n - 1))));
        }
        return out;
    }
}
