package dev.deepfake4j.spi;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.image.Frame;

/** Receives decoded frames, in presentation order, on the decoding thread. */
@FunctionalInterface
public interface FrameSink {
    /**
     * @param frame the next planned frame; a view frame is valid only during this call (copy it to keep it)
     * @throws DeepfakeException to stop decoding; the decoder rethrows it
     */
    void accept(Frame frame) throws DeepfakeException;
}
