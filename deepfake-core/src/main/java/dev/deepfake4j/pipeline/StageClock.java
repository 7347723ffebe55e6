package dev.deepfake4j.pipeline;

import dev.deepfake4j.StageTimings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time spent per stage of one video. Locate, crop and classify run on other threads than the decoder, so their
 * sums are atomic; decode time is the decoder's wall time less the time it waited for the locate stage.
 */
final class StageClock {
    private final long startNanos = System.nanoTime();
    private final AtomicLong locate = new AtomicLong();
    private final AtomicLong crop = new AtomicLong();
    private final AtomicLong classify = new AtomicLong();
    private long decodeStart;
    private long decodeEnd;
    private long decodeWaited;

    long startNanos() {
        return startNanos;
    }

    void addLocate(long nanos) {
        locate.addAndGet(nanos);
    }

    void addCrop(long nanos) {
        crop.addAndGet(nanos);
    }

    void addClassify(long nanos) {
        classify.addAndGet(nanos);
    }

    /** Called on the decoding thread only. */
    void decodeStarted() {
        decodeStart = System.nanoTime();
    }

    /** Called on the decoding thread only. */
    void decoderWaited(long nanos) {
        decodeWaited += nanos;
    }

    /** Called on the decoding thread only. */
    void decodeEnded() {
        decodeEnd = System.nanoTime();
    }

    StageTimings timings() {
        long decodeNanos = Math.max(0, decodeEnd - decodeStart - decodeWaited);
        return new StageTimings(Duration.ofNanos(decodeNanos), Duration.ofNanos(locate.get()),
                Duration.ofNanos(crop.get()), Duration.ofNanos(classify.get()),
                Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
