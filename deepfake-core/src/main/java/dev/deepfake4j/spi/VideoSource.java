package dev.deepfake4j.spi;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
import java.util.Arrays;
import java.util.List;

/**
 * One open video. Not thread-safe: one thread opens it, decodes it and closes it. Owns native resources, freed by
 * {@link #close()} (idempotent).
 */
public interface VideoSource extends AutoCloseable {

    /** @return what the header says about the video */
    VideoInfo info();

    /**
     * Decodes the planned frames and hands them to {@code sink} in presentation order. Frames the plan does not
     * name are skipped as cheaply as the backend allows. A file cut short delivers the frames it has and records a
     * warning ({@link #warnings()}) rather than failing, unless no frame at all could be decoded.
     *
     * @param plan which frames
     * @param sink receives each frame on this thread
     * @return how many frames were delivered
     * @throws DeepfakeException {@code DECODE_FAILED} naming the file; {@code CANCELLED} when the thread is
     *         interrupted or the options' timeout passes; anything {@code sink} throws
     */
    int decode(SamplePlan plan, FrameSink sink) throws DeepfakeException;

    /**
     * Reads the video front to back and delivers the frames {@code selector} picks by presentation time, as they are
     * read, without planning ahead: what a live stream or an input of unknown length needs. Returns when the input
     * ends or {@link FrameSelector#finished()} says so.
     *
     * <p>This default is for sources whose header knows the frame count: it asks {@code selector} about every frame
     * {@code i} at {@code i / fps} seconds (a constant frame rate), then {@link #decode}s the chosen indices. A source
     * that can read an input of unknown length (the FFmpeg one) overrides it and selects by each frame's own time.
     *
     * @param selector picks frames; called on this thread, in presentation order
     * @param sink receives each chosen frame on this thread
     * @return how many frames were delivered
     * @throws DeepfakeException as {@link #decode}; {@code UNSUPPORTED_INPUT} from this default when the frame count
     *         or the frame rate is unknown
     */
    default int decodeStream(FrameSelector selector, FrameSink sink) throws DeepfakeException {
        VideoInfo info = info();
        if (info.frameCount() <= 0 || !(info.fps() > 0)) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "This video source (" + getClass().getName()
                    + ") cannot read " + info.path() + " window by window: its frame count or frame rate is unknown ("
                    + info + ")", info.path(), null);
        }
        int[] chosen = new int[16];
        int n = 0;
        for (long i = 0; i < info.frameCount() && i < Integer.MAX_VALUE && !selector.finished(); i++) {
            if (selector.select((int) i, i / info.fps())) {
                if (n == chosen.length) {
                    chosen = Arrays.copyOf(chosen, n * 2);
                }
                chosen[n++] = (int) i;
            }
        }
        return n == 0 ? 0 : decode(SamplePlan.ofIndices(Arrays.copyOf(chosen, n)), sink);
    }

    /** @return problems met so far that did not stop decoding (corrupt packets, truncation), in order */
    List<String> warnings();

    @Override
    void close();
}
