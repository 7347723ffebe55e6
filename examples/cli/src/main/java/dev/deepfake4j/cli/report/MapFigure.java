package dev.deepfake4j.cli.report;

import static dev.deepfake4j.cli.report.Html.esc;
import static dev.deepfake4j.cli.report.Html.num;

import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.TrackedFace;
import java.util.Locale;

/**
 * A face crop as the classifier saw it, with a map over it: an inline SVG of semi-transparent tiles, red where
 * covering the region lowered P(fake) (the region looked fake), blue where it raised it; opacity in proportion to
 * the change, relative to the map's largest. Stateless.
 */
final class MapFigure {
    /** Side of a mapped crop on the page, in CSS pixels. */
    static final int SIZE = 224;
    /** Opacity of the strongest tile. */
    private static final double MAX_OPACITY = 0.65;

    private MapFigure() {
    }

    /**
     * @param face the face; its crop must have been kept
     * @param map a map over that crop
     * @return a {@code <figure class="map">} with the crop image, the overlay and a caption stating the cost
     */
    static String figure(TrackedFace face, SensitivityMap map) {
        FaceCrop crop = face.cropIfKept().orElseThrow();
        StringBuilder sb = new StringBuilder("<figure class=\"map\"><div class=\"stack\"><img class=\"crop\" width=\"")
                .append(SIZE)
                .append("\" height=\"").append(SIZE).append("\" src=\"").append(Images.dataUri(crop))
                .append("\" alt=\"face crop, frame ").append(face.frameIndex()).append("\">")
                .append("<svg class=\"overlay\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(SIZE)
                .append("\" height=\"").append(SIZE).append("\" viewBox=\"0 0 ").append(map.cropWidth()).append(' ')
                .append(map.cropHeight()).append("\" preserveAspectRatio=\"none\">");
        double scale = Math.max(Math.abs(map.max()), Math.abs(map.min()));
        int tile = map.tileSize();
        for (int r = 0; r < map.rows(); r++) {
            for (int c = 0; c < map.cols(); c++) {
                float v = map.value(c, r);
                if (scale == 0 || v == 0) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" fill-opacity=\"%.2f\">"
                                + "<title>%s %+.3f</title></rect>",
                        map.tileX(c), map.tileY(r), tile, tile, v > 0 ? "#e53935" : "#1e88e5",
                        MAX_OPACITY * Math.abs(v) / scale, map.method(), v));
            }
        }
        sb.append("</svg></div><figcaption>").append(caption(face, map)).append("</figcaption></figure>");
        return sb.toString();
    }

    private static String caption(TrackedFace face, SensitivityMap map) {
        String what = SensitivityMap.OCCLUSION.equals(map.method())
                ? String.format(Locale.ROOT, "occlusion %d×%d (patch %d px, stride %d px): largest drop in P(fake)"
                        + " %s, largest rise %s", map.cols(), map.rows(), map.patch(), map.stride(),
                        num(Math.max(0, map.max())), num(Math.max(0, -map.min())))
                : esc(map.method()) + " map " + map.cols() + "×" + map.rows();
        return "frame " + face.frameIndex() + ", P(fake) " + num(face.pFake()) + "<br>" + what + "<br>"
                + String.format(Locale.ROOT, "<span class=\"cost\">cost: %d classifier calls, %.0f ms</span>",
                        map.classifierCalls(), map.millis());
    }
}
