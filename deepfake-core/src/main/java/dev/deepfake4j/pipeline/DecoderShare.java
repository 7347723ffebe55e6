package dev.deepfake4j.pipeline;

import dev.deepfake4j.spi.DecodeOptions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Shares the cores among the decoders of the videos a pipeline has in flight, when the decode options leave the
 * thread count to us ({@link DecodeOptions#threads()} 0). A video analysed alone keeps the decoder's own choice
 * (every core: the lowest latency); with several in flight each decoder gets {@code cores / videos} threads, at
 * least one, because FFmpeg's frame threading costs CPU of its own and the videos in flight already keep the cores
 * busy (9 labelled clips, 2 in flight on 2 cores: about 2.3 CPU seconds less of 17, and less wall time; see
 * docs/benchmarks.md). Videos queued to follow count too (a batch queues all its videos before any starts): otherwise
 * the first video of a batch would find itself alone and take every core for all its decoding. Thread-safe.
 */
final class DecoderShare {
    private final DecodeOptions options;
    private final int cores;
    private final IntSupplier queued;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param options the pipeline's decode options
     * @param cores the cores to share
     * @param queued the videos waiting to enter at a given moment
     */
    DecoderShare(DecodeOptions options, int cores, IntSupplier queued) {
        this.options = options;
        this.cores = cores;
        this.queued = queued;
    }

    /**
     * A video's share of the cores.
     *
     * @param options the decode options for that video
     * @param noCoreToSpare whether the videos in flight and queued fill every core, so that this video's face
     *        location is better done on its decoding thread than beside it (see {@link LocateChain})
     */
    record Share(DecodeOptions options, boolean noCoreToSpare) {
    }

    /**
     * Counts a video as in flight; pair every call with one {@link #leave()}.
     *
     * @return the video's share
     */
    Share enter() {
        int videos = inFlight.incrementAndGet() + queued.getAsInt();
        boolean full = videos >= cores;
        if (options.threads() != 0 || videos <= 1) {
            return new Share(options, full);
        }
        return new Share(options.toBuilder().threads(Math.max(1, cores / videos)).build(), full);
    }

    /** Counts a video entered with {@link #enter()} as done. */
    void leave() {
        inFlight.decrementAndGet();
    }
}
