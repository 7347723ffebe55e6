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
        assertThat(share.enter().threads()).isZero();
    }

    @Test
    void videosInFlightShareTheCores() {
        share.enter();
        assertThat(share.enter().threads()).isEqualTo(2); // 4 cores, 2 videos
        assertThat(share.enter().threads()).isEqualTo(1); // 4 / 3, rounded down
        share.leave();
        share.leave();
        assertThat(share.enter().threads()).isEqualTo(2); // one left in flight, and this one
    }

    @Test
    void theFirstVideoOfABatchCountsTheVideosQueuedBehindIt() {
        queued.set(8);
        assertThat(share.enter().threads()).isEqualTo(1);
        share.leave();
        queued.set(1);
        assertThat(share.enter().threads()).isEqualTo(2);
    }

    @Test
    void anExplicitThreadCountIsNeverChanged() {
        DecoderShare fixed = new DecoderShare(DecodeOptions.builder().threads(3).build(), 4, () -> 8);
        fixed.enter();
        assertThat(fixed.enter().threads()).isEqualTo(3);
    }
}
