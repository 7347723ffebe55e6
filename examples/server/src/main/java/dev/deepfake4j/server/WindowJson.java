package dev.deepfake4j.server;

import static dev.deepfake4j.server.ReportJson.MAPPER;
import static dev.deepfake4j.server.ReportJson.round;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deepfake4j.FrameResult;
import dev.deepfake4j.WindowReport;
import dev.deepfake4j.WindowedReport;

/**
 * The JSON objects of the windowed mode ({@code deepfake4j score --window}): one per window as it is scored, then one
 * summary per video. Field names and rounding follow {@link ReportJson}; a window object carries
 * {@code "window"}, a summary {@code "windows"}, so a reader of the lines tells them apart. Stateless and
 * thread-safe; every call returns a new node that the caller owns.
 */
public final class WindowJson {
    private WindowJson() {
    }

    /**
     * @param w a window's report
     * @return {@code {"path", "window": {"index", "start_seconds", "end_seconds"}, "p_fake", "label", "faces",
     *         "frames": [indices], "running_p_fake", "running_label"}}
     */
    public static ObjectNode of(WindowReport w) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("path", w.path().toString());
        ObjectNode window = o.putObject("window");
        window.put("index", w.index());
        window.put("start_seconds", round(w.startSeconds()));
        window.put("end_seconds", round(w.endSeconds()));
        o.put("p_fake", round(w.pFake()));
        o.put("label", w.label().name());
        o.put("faces", w.faceCount());
        ArrayNode frames = o.putArray("frames");
        for (FrameResult f : w.frames()) {
            frames.add(f.index());
        }
        o.put("running_p_fake", round(w.runningPFake()));
        o.put("running_label", w.runningLabel().name());
        w.warning().ifPresent(text -> o.put("warning", text));
        return o;
    }

    /**
     * @param s a video's summary
     * @return {@code {"path", "p_fake", "label", "windows", "judged_windows", "frames", "faces", "first_seconds",
     *         "last_seconds", "peak_frames_held", "warnings"}}
     */
    public static ObjectNode of(WindowedReport s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("path", s.path().toString());
        o.put("p_fake", round(s.pFake()));
        o.put("label", s.label().name());
        o.put("windows", s.windows());
        o.put("judged_windows", s.judgedWindows());
        o.put("frames", s.framesSampled());
        o.put("faces", s.faces());
        o.put("first_seconds", round(s.firstSeconds()));
        o.put("last_seconds", round(s.lastSeconds()));
        o.put("peak_frames_held", s.peakFramesHeld());
        ArrayNode warnings = o.putArray("warnings");
        s.warnings().forEach(warnings::add);
        return o;
    }
}
