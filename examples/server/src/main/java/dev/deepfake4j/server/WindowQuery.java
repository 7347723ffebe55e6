package dev.deepfake4j.server;

import dev.deepfake4j.WindowOptions;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * The windowed mode asked for in the query of {@code POST /v1/score}: {@code ?window=SECONDS} (a positive number of
 * seconds of video) and optionally {@code &frames=N} (frames sampled per window, default
 * {@value WindowOptions#DEFAULT_FRAMES_PER_WINDOW}). Stateless.
 */
final class WindowQuery {
    /** The error code of a query that cannot be used. */
    static final String BAD_QUERY = "BAD_QUERY";

    private WindowQuery() {
    }

    /**
     * @param request the request
     * @return the window options, or {@code null} when the query asks for none
     * @throws HttpError 400 {@value #BAD_QUERY} naming the parameter when a value is not usable
     */
    static WindowOptions of(Request request) throws HttpError {
        Fields query = Request.extractQueryParameters(request);
        String window = query.getValue("window");
        String frames = query.getValue("frames");
        if (window == null) {
            if (frames != null) {
                throw new HttpError(400, BAD_QUERY, "'frames' needs 'window' (seconds of video per window)");
            }
            return null;
        }
        try {
            int n = frames == null ? WindowOptions.DEFAULT_FRAMES_PER_WINDOW : Integer.parseInt(frames.trim());
            return new WindowOptions(Double.parseDouble(window.trim()), n);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, BAD_QUERY, "Bad window query (window=" + window + ", frames=" + frames + "): "
                    + e.getMessage() + "; use ?window=SECONDS with SECONDS > 0 and optionally &frames=N with N >= 1");
        }
    }
}
