package dev.deepfake4j.video.ffmpeg;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The problem lines one video source reports through {@code VideoSource.warnings()}: each distinct line once, at
 * most {@link #MAX_LINES} of them (a badly damaged file could otherwise produce one per packet). Every line also
 * goes to the debug log. Not thread-safe: it belongs to one source.
 */
final class DecodeWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(DecodeWarnings.class);

    /** At most this many individual problem lines are kept; later ones are only logged. */
    static final int MAX_LINES = 20;

    private final List<String> lines = new ArrayList<>();

    /** @param line one problem, naming the file */
    void add(String line) {
        LOG.debug("{}", line);
        if (lines.size() < MAX_LINES && !lines.contains(line)) {
            lines.add(line);
        }
    }

    /** @return the lines kept so far, in the order they came (an immutable copy) */
    List<String> lines() {
        return List.copyOf(lines);
    }
}
