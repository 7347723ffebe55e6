package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.spi.FrameSink;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Hands chosen decoded frames to the caller's {@link FrameSink} during one {@code decode} call: brings GPU frames to
 * main memory, converts them to the requested pixel format and size, stamps index and time, and delivers each
 * display index at most once, in ascending order. Not thread-safe: it belongs to one decode call.
 */
final class FrameDelivery {
    private final Path path;
    private final FrameSink sink;
    private final FrameConverter converter;
    private final DecoderSession decoder;
    private final StreamClock clock;
    private final Deadline deadline;
    private int delivered;
    private int lastDeliveredIndex = -1;

    FrameDelivery(Path path, FrameSink sink, FrameConverter converter, DecoderSession decoder, StreamClock clock,
            Deadline deadline) {
        this.path = path;
        this.sink = sink;
        this.converter = converter;
        this.decoder = decoder;
        this.clock = clock;
        this.deadline = deadline;
    }

    /**
     * @param f a decoded frame
     * @param displayIndex its index in presentation order; one not above the last delivered is ignored (two plan
     *        entries that resolved to one frame deliver it once)
     * @throws DeepfakeException {@code CANCELLED}, a conversion failure, or whatever the sink throws
     */
    void deliver(AVFrame f, int displayIndex) throws DeepfakeException {
        if (displayIndex <= lastDeliveredIndex) {
            return;
        }
        deadline.check("decoding " + path, path);
        lastDeliveredIndex = displayIndex;
        delivered++;
        try {
            sink.accept(converter.convert(decoder.inMainMemory(f), displayIndex, clock.secondsOf(bestTimestamp(f))));
        } finally {
            converter.release(); // the decoded frame is reused next: a view's pending pixels are gone with it
        }
    }

    /** @return how many frames went to the sink so far */
    int delivered() {
        return delivered;
    }

    /** @param f a decoded frame @return its best-effort presentation timestamp, else its pts (may be none) */
    static long bestTimestamp(AVFrame f) {
        long t = f.best_effort_timestamp();
        return t != AV_NOPTS_VALUE ? t : f.pts();
    }
}
