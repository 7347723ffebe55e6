package dev.deepfake4j.server;

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

/**
 * The {@code score --json} object of DESIGN.md (a contract): one object per video. {@code deepfake4j score --json}
 * prints it one per line; {@code POST /v1/score} answers it. Stateless and thread-safe; every call returns a new
 * node that the caller owns.
 */
public final class ReportJson {
    /** The mapper the objects are made with; shared, thread-safe, never reconfigured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {
    }

    /**
     * @param outcome a scored or failed video
     * @return the report object, or {@code {"path", "error": {"code", "message"}}} for a failure
     */
    public static ObjectNode of(VideoOutcome outcome) {
        return outcome.report().map(ReportJson::of)
                .orElseGet(() -> error(outcome.path().toString(), outcome.error().orElseThrow()));
    }

    /**
     * @param r a report
     * @return its object, with {@code path} the report's path
     */
    public static ObjectNode of(VideoReport r) {
        return of(r, r.path().toString());
    }

    /**
     * @param r a report
     * @param path what the object names as {@code path} (the service names an upload, not its temporary file)
     * @return its object
     */
    public static ObjectNode of(VideoReport r, String path) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("path", path);
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

    /**
     * @param path the input's path as the caller named it
     * @param e why it failed
     * @return {@code {"path", "error": {"code", "message"}}}
     */
    public static ObjectNode error(String path, DeepfakeException e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("path", path);
        ObjectNode err = o.putObject("error");
        err.put("code", e.code().name());
        err.put("message", e.getMessage());
        return o;
    }

    /**
     * Appends a box as {@code [x1, y1, x2, y2]}, rounded like every number of the object.
     *
     * @param a the array to append to
     * @param b the box
     */
    public static void box(ArrayNode a, FaceBox b) {
        a.add(round(b.x1())).add(round(b.y1())).add(round(b.x2())).add(round(b.y2()));
    }

    /**
     * @param v a number
     * @return it rounded to 4 decimals, as the JSON carries numbers
     */
    public static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
