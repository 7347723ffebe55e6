package dev.deepfake4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.FrameResult;
import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceTrack;
import dev.deepfake4j.face.TrackedFace;

/** The {@code score --json} line of DESIGN.md (a contract): one object per video. */
final class ReportJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {
    }

    static ObjectNode of(VideoOutcome outcome) {
        return outcome.report().map(ReportJson::of)
                .orElseGet(() -> error(outcome.path().toString(), outcome.error().orElseThrow()));
    }

    static ObjectNode of(VideoReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("path", r.path().toString());
        o.put("p_fake", round(r.pFake()));
        o.put("label", r.label().name());
        ArrayNode frames = o.putArray("frames");
        for (FrameResult f : r.frames()) {
            ObjectNode fo = frames.addObject();
            fo.put("index", f.index());
            fo.put("pts_seconds", round(f.ptsSeconds()));
            ArrayNode faces = fo.putArray("faces");
            for (TrackedFace tf : f.faces()) {
                ObjectNode face = faces.addObject();
                box(face.putArray("box"), tf.box());
                face.put("score", round(tf.box().score()));
                face.put("track", tf.trackId());
                face.put("p_fake", round(tf.pFake()));
            }
        }
        ArrayNode tracks = o.putArray("tracks");
        for (FaceTrack t : r.tracks()) {
            ObjectNode to = tracks.addObject();
            to.put("id", t.id());
            to.put("p_fake", round(t.pFake()));
            to.put("faces", t.faces().size());
        }
        ObjectNode timings = o.putObject("timings_ms");
        timings.put("decode", round(r.timings().decodeMillis()));
        timings.put("locate", round(r.timings().locateMillis()));
        timings.put("crop", round(r.timings().cropMillis()));
        timings.put("classify", round(r.timings().classifyMillis()));
        timings.put("total", round(r.timings().totalMillis()));
        ArrayNode warnings = o.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return o;
    }

    static ObjectNode error(String path, DeepfakeException e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("path", path);
        ObjectNode err = o.putObject("error");
        err.put("code", e.code().name());
        err.put("message", e.getMessage());
        return o;
    }

    static void box(ArrayNode a, FaceBox b) {
        a.add(round(b.x1())).add(round(b.y1())).add(round(b.x2())).add(round(b.y2()));
    }

    static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
