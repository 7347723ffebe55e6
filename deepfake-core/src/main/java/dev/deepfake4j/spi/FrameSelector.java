package dev.deepfake4j.spi;

/**
 * Chooses frames while a video is read front to back, by presentation time, for inputs whose frame count is not
 * known in advance (a live stream, a long upload read as it arrives). Called on the decoding thread, once per decoded
 * frame in presentation order; not required to be thread-safe.
 */
public interface FrameSelector {

    /**
     * @param index the frame's position in the decoder's output, from 0
     * @param ptsSeconds its presentation time in seconds, as the stream states it
     * @return whether the frame is delivered to the sink
     */
    boolean select(int index, double ptsSeconds);

    /** @return whether no later frame is wanted, so decoding may stop; this default never stops (read to the end) */
    default boolean finished() {
        return false;
    }
}
