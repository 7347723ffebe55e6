package dev.deepfake4j.spi;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
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

    /** @return problems met so far that did not stop decoding (corrupt packets, truncation), in order */
    List<String> warnings();

    @Override
    void close();
}
