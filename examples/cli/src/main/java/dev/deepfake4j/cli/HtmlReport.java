package dev.deepfake4j.cli;

import dev.deepfake4j.FrameResult;
import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.face.FaceTrack;
import dev.deepfake4j.face.TrackedFace;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes one self-contained HTML page for a run: per video, its score and verdict, the sampled frames as thumbnails
 * with face boxes coloured by P(fake) (green = real, red = fake), and a strip per face track with one cell per
 * sampled frame. No external resources: images are inlined as data URIs, boxes drawn in inline SVG.
 */
final class HtmlReport {
    /** Longer side of the thumbnails the detector keeps for the page, in pixels. */
    static final int THUMBNAIL_SIZE = 192;

    private HtmlReport() {
    }

    static void write(Path file, String title, List<VideoOutcome> outcomes) throws IOException {
        AtomicFiles.write(file, w -> {
            w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n");
            w.write("<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}"
                    + "section{background:#fff;border:1px solid #ddd;border-radius:8px;padding:16px;margin-bottom:24px}"
                    + "h1{font-size:20px}h2{font-size:16px;margin:0 0 8px;word-break:break-all}"
                    + ".verdict{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600;margin-right:8px}"
                    + ".FAKE{background:#c62828}.REAL{background:#2e7d32}.UNKNOWN{background:#9e9e9e}.ERROR{background:#555}"
                    + ".frames{display:flex;flex-wrap:wrap;gap:6px;margin-top:12px}"
                    + "figure{margin:0;position:relative}figure svg{position:absolute;left:0;top:0}"
                    + "figcaption{font-size:11px;color:#666;text-align:center}"
                    + ".strip{display:flex;gap:1px;margin:4px 0}.strip div{width:14px;height:18px}"
                    + ".meta{color:#666;font-size:12px}.warn{color:#a15c00;font-size:12px}</style></head><body>\n");
            w.write("<h1>" + esc(title) + "</h1>\n<p class=\"meta\">Boxes and cells are coloured by the face's "
                    + "probability of being fake: green 0, yellow 0.5, red 1.</p>\n");
            for (VideoOutcome o : outcomes) {
                w.write(o.isSuccess() ? video(o.report().orElseThrow()) : failure(o));
            }
            w.write("</body></html>\n");
        });
    }

    private static String failure(VideoOutcome o) {
        var e = o.error().orElseThrow();
        return "<section><h2><span class=\"verdict ERROR\">" + e.code() + "</span>" + esc(o.path().toString())
                + "</h2><p>" + esc(e.getMessage()) + "</p></section>\n";
    }

    private static String video(VideoReport r) {
        StringBuilder sb = new StringBuilder("<section>");
        sb.append("<h2><span class=\"verdict ").append(r.label()).append("\">").append(r.label()).append(' ')
                .append(fmt(r.pFake())).append("</span>").append(esc(r.path().toString())).append("</h2>");
        sb.append("<div class=\"meta\">").append(r.info().width()).append('×').append(r.info().height()).append(", ")
                .append(r.frames().size()).append(" frames sampled, ").append(r.faceCount()).append(" faces in ")
                .append(r.tracks().size()).append(" tracks; ")
                .append(String.format(Locale.ROOT, "decode %.0f ms, locate %.0f ms, classify %.0f ms, total %.0f ms",
                        r.timings().decodeMillis(), r.timings().locateMillis(), r.timings().classifyMillis(),
                        r.timings().totalMillis()))
                .append("</div>");
        for (String warning : r.warnings()) {
            sb.append("<div class=\"warn\">⚠ ").append(esc(warning)).append("</div>");
        }
        for (FaceTrack t : r.tracks()) {
            sb.append("<div class=\"meta\">track ").append(t.id()).append(": p_fake ").append(fmt(t.pFake()))
                    .append(", ").append(t.faces().size()).append(" faces</div><div class=\"strip\">");
            for (FrameResult f : r.frames()) {
                TrackedFace face = f.faces().stream().filter(x -> x.trackId() == t.id()).findFirst().orElse(null);
                sb.append("<div title=\"frame ").append(f.index())
                        .append(face == null ? ": no face" : ": p_fake " + fmt(face.pFake())).append("\" style=\"background:")
                        .append(face == null ? "#eee" : colour(face.pFake())).append("\"></div>");
            }
            sb.append("</div>");
        }
        sb.append("<div class=\"frames\">");
        for (FrameResult f : r.frames()) {
            Frame thumb = f.thumbnailIfKept().orElse(null);
            if (thumb == null) {
                continue;
            }
            double s = (double) thumb.width() / r.info().width();
            sb.append("<figure><img width=\"").append(thumb.width()).append("\" height=\"").append(thumb.height())
                    .append("\" src=\"data:image/jpeg;base64,").append(jpegBase64(thumb)).append("\" alt=\"frame ")
                    .append(f.index()).append("\"><svg width=\"").append(thumb.width()).append("\" height=\"")
                    .append(thumb.height()).append("\">");
            for (TrackedFace face : f.faces()) {
                sb.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"><title>track %d, p_fake %s</title></rect>",
                        face.box().x1() * s, face.box().y1() * s, face.box().width() * s, face.box().height() * s,
                        colour(face.pFake()), face.trackId(), fmt(face.pFake())));
            }
            sb.append("</svg><figcaption>#").append(f.index()).append(String.format(Locale.ROOT, " %.2fs", f.ptsSeconds()))
                    .append("</figcaption></figure>");
        }
        sb.append("</div></section>\n");
        return sb.toString();
    }

    /** Green (0) → yellow (0.5) → red (1). */
    static String colour(double p) {
        double q = Math.max(0, Math.min(1, p));
        int red = (int) Math.round(q < 0.5 ? 2 * q * 230 : 230);
        int green = (int) Math.round(q < 0.5 ? 190 : (1 - q) * 2 * 190);
        return String.format(Locale.ROOT, "#%02x%02x30", red, green);
    }

    private static String jpegBase64(Frame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] src = f.toPackedArray();
        for (int i = 0; i < src.length; i += 3) {
            boolean bgr = f.format() == PixelFormat.BGR24;
            dst[i] = src[bgr ? i : i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[bgr ? i + 2 : i];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpeg", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String fmt(double p) {
        return String.format(Locale.ROOT, "%.3f", p);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
