package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Small shared facts about the native FFmpeg libraries: error strings, pixel format names, the {@code EAGAIN} code,
 * and the one-time setting of FFmpeg's own log level. Stateless apart from that one-time initialisation; thread-safe.
 */
final class Ffmpeg {
    /**
     * System property naming FFmpeg's own log level (a number as in {@code libavutil/log.h}, e.g. 32 for info).
     * By default FFmpeg is kept quiet (fatal only): every problem it reports also comes back as a return code,
     * which this package turns into exceptions and warnings, so its stderr chatter would only duplicate them.
     */
    static final String LOG_LEVEL_PROPERTY = "deepfake4j.ffmpeg.loglevel";

    /** {@code AVERROR(EAGAIN)}: errno EAGAIN is 35 on macOS and 11 on Linux and Windows. */
    static final int AVERROR_EAGAIN = -(Loader.getPlatform().startsWith("macosx") ? 35 : 11);

    /** {@code FF_THREAD_FRAME | FF_THREAD_SLICE} from avcodec.h (macros the presets do not map). */
    static final int THREAD_FRAME_AND_SLICE = 1 | 2;

    /** {@code AV_FRAME_FLAG_CORRUPT} and {@code AV_FRAME_FLAG_KEY} from frame.h. */
    static final int FRAME_FLAG_CORRUPT = 1;
    static final int FRAME_FLAG_KEY = 1 << 1;

    private static volatile boolean initialised;

    private Ffmpeg() {
    }

    /** Loads the natives (once) and sets FFmpeg's log level from {@link #LOG_LEVEL_PROPERTY}. */
    static void init() {
        if (initialised) {
            return;
        }
        synchronized (Ffmpeg.class) {
            if (!initialised) {
                int level = AV_LOG_FATAL;
                String configured = System.getProperty(LOG_LEVEL_PROPERTY);
                if (configured != null && !configured.isBlank()) {
                    try {
                        level = Integer.parseInt(configured.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("-D" + LOG_LEVEL_PROPERTY + " must be an FFmpeg log level "
                                + "number (e.g. 16 error, 24 warning, 32 info): " + configured, e);
                    }
                }
                av_log_set_level(level);
                initialised = true;
            }
        }
    }

    /**
     * @param code a negative FFmpeg return code
     * @return FFmpeg's text for it ({@code av_strerror}) followed by the number, e.g. "Invalid data found when
     *         processing input (-1094995529)"
     */
    static String describe(int code) {
        byte[] buf = new byte[256];
        String text;
        if (av_strerror(code, buf, buf.length) == 0) {
            int len = 0;
            while (len < buf.length && buf[len] != 0) {
                len++;
            }
            text = new String(buf, 0, len, StandardCharsets.UTF_8);
        } else {
            text = "unknown FFmpeg error";
        }
        return String.format(Locale.ROOT, "%s (%d)", text, code);
    }

    /** @param pixFmt an AVPixelFormat @return its FFmpeg name ("yuv420p"), or "#n" for one FFmpeg does not know */
    static String pixelFormatName(int pixFmt) {
        BytePointer name = av_get_pix_fmt_name(pixFmt);
        return name == null || name.isNull() ? "#" + pixFmt : name.getString();
    }
}
