package dev.deepfake4j.video.ffmpeg;

import dev.deepfake4j.DeepfakeException;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * How one {@code decode} call executes its {@link dev.deepfake4j.sampling.SamplePlan}: which packets the decoder may
 * skip, which decoded frames are delivered, and where to seek. {@link DecodeLoop} drives it; {@link IndexedRun}
 * (with a packet index: exact indices, seeking, skipping, fast mode) and {@link SequentialRun} (front to back)
 * implement it. Not thread-safe: one run per call, on the calling thread.
 */
interface DecodeRun {

    /** @return whether every planned frame is delivered (or given up) */
    boolean finished();

    /** Called once, after the demuxer and decoder are at the start of the file and before the first read. */
    default void begin() {
    }

    /** @return whether the run wants a seek before the next packet is read (then decoded frames wait) */
    default boolean seekPending() {
        return false;
    }

    /** Performs the pending seek; a failure that cannot be recovered is thrown later by {@link #finish}. */
    default void seek() {
    }

    /** @param packet the next packet of the stream @return the {@code AVDISCARD_*} value to decode it with */
    int skipFor(AVPacket packet);

    /**
     * @param frame a decoded frame, in main or GPU memory; the run may take its reference
     * @throws DeepfakeException from delivery
     */
    void onFrame(AVFrame frame) throws DeepfakeException;

    /**
     * Called once after the last packet: delivers what the run still holds and reports frames it skipped.
     *
     * @throws DeepfakeException a failure the run deferred (a seek it could not undo)
     */
    void finish() throws DeepfakeException;

    /** @return the planned frames still undelivered when the stream ended, for a warning; null if that is normal */
    String undelivered();

    /** @return how many seeks the run made, for the debug log */
    default int seeks() {
        return 0;
    }
}
