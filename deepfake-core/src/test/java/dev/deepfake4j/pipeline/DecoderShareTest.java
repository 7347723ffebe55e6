package dev.deepfake4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.spi.DecodeOptions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecoderShareTest {
    private final AtomicInteger queued = new AtomicInteger();
    private final DecoderShare share = new DecoderShare(DecodeOptions.defaults(), 4, queued::get);

    @Test
    void aVideoAloneKeepsTheDecodersOwnThreadCount() {
        assertThat(share.enter().options().threads()).isZero();
    }

    @Test
    void videosInFlightShareTheCores() {
        share.enter();
        assertThat(share.enter().options().threads()).isEqualTo(2); // 4 cores, 2 videos
        assertThat(share.enter().options().threads()).isEqualTo(1); // 4 / 3, rounded down
        share.leave();
        share.leave();
        assertThat(share.enter().options().threads()).isEqualTo(2); // one left in flight, and this one
    }

    @Test
    void theFirstVideoOfABatchCountsTheVideosQueuedBehindIt() {
        queued.set(8);
        assertThat(share.enter().options().threads()).isEqualTo(1);
        share.leave();
        queued.set(1);
        assertThat(share.enter().options().threads()).isEqualTo(2);
    }

    @Test
    void onlyVideosThatFillEveryCoreHaveNoCoreToSpare() {
        assertThat(share.enter().noCoreToSpare()).isFalse(); // 1 of 4 cores
        queued.set(2);
        assertThat(share.enter().noCoreToSpare()).isTrue(); // 2 in flight + 2 queued on 4 cores
        share.leave();
        queued.set(1);
        assertThat(share.enter().noCoreToSpare()).isFalse(); // 2 in flight + 1 queued
        DecoderShare fixed = new DecoderShare(DecodeOptions.builder().threads(3).build(), 2, () -> 1);
        assertThat(fixed.enter().noCoreToSpare()).isTrue(); // counted the same with a fixed thread count
    }

    @Test
    void anExplicitThreadCountIsNeverChanged() {
        DecoderShare fixed = new DecoderShare(DecodeOptions.builder().threads(3).build(), 4, () -> 8);
        fixed.enter();
        assertThat(fixed.enter().options().threads()).isEqualTo(3);
    }
}
