package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.spi.FrameSelector;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Decoding for {@link FfmpegVideoSource#decodeStream}: front to back without a packet index (what a live or
 * non-seekable input allows), each decoded frame offered to a {@link FrameSelector} by its own presentation time,
 * its index its position in the decoder's output. Not thread-safe.
 */
final class SelectorRun implements DecodeRun {
    private final FrameSelector selector;
    private final FrameDelivery delivery;
    private final StreamClock clock;
    private int counter;

    SelectorRun(FrameSelector selector, FrameDelivery delivery, StreamClock clock) {
        this.selector = selector;
        this.delivery = delivery;
        this.clock = clock;
    }

    @Override
    public boolean finished() {
        return selector.finished();
    }

    @Override
    public int skipFor(AVPacket packet) {
        return AVDISCARD_DEFAULT;
    }

    @Override
    public void onFrame(AVFrame f) throws DeepfakeException {
        int idx = counter++;
        if (selector.select(idx, clock.secondsOf(FrameDelivery.bestTimestamp(f)))) {
            delivery.deliver(f, idx);
        }
    }

    @Override
    public void finish() {
        // Nothing held back: every frame was delivered or passed over as it came.
    }

    @Override
    public String undelivered() {
        return null; // the input's end is the run's end
    }
}
