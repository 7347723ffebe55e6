package dev.deepfake4j.cli.report;

import static dev.deepfake4j.cli.report.Html.colour;
import static dev.deepfake4j.cli.report.Html.num;

import dev.deepfake4j.FrameResult;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.face.TrackedFace;
import dev.deepfake4j.image.Frame;
import java.util.Locale;

/** The sampled frames of a video as thumbnails, with each face's box coloured by its P(fake). Stateless. */
final class FrameGallery {
    private FrameGallery() {
    }

    /** @return a {@code <div class="frames">}, empty when no thumbnail was kept */
    static String html(VideoReport r) {
        StringBuilder sb = new StringBuilder("<div class=\"frames\">");
        for (FrameResult f : r.frames()) {
            Frame thumb = f.thumbnailIfKept().orElse(null);
            if (thumb == null) {
                continue;
            }
            double s = (double) thumb.width() / r.info().width();
            sb.append("<figure><div class=\"stack\"><img width=\"").append(thumb.width()).append("\" height=\"")
                    .append(thumb.height()).append("\" src=\"").append(Images.dataUri(thumb)).append("\" alt=\"frame ")
                    .append(f.index()).append("\"><svg class=\"boxes\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                    .append(thumb.width()).append("\" height=\"").append(thumb.height()).append("\">");
            for (TrackedFace face : f.faces()) {
                sb.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"%s\""
                                + " stroke-width=\"2\"><title>track %d, P(fake) %s</title></rect>",
                        face.box().x1() * s, face.box().y1() * s, face.box().width() * s, face.box().height() * s,
                        colour(face.pFake()), face.trackId(), num(face.pFake())));
            }
            sb.append("</svg></div><figcaption>#").append(f.index())
                    .append(String.format(Locale.ROOT, " %.2fs", f.ptsSeconds())).append("</figcaption></figure>");
        }
        return sb.append("</div>").toString();
    }
}
