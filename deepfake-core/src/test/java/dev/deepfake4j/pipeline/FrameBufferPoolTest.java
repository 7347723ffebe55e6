package dev.deepfake4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameBufferPoolTest {
    @Test
    void aReleasedBufferIsLentAgainWhenLargeEnough() {
        FrameBufferPool pool = new FrameBufferPool(2);
        ByteBuffer first = pool.borrow(100);
        assertThat(first.isDirect()).isTrue();
        assertThat(first.limit()).isEqualTo(100);
        pool.release(first);
        ByteBuffer again = pool.borrow(60);
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(60);
        pool.release(again);
        assertThat(pool.borrow(200)).isNotSameAs(first); // too small for a larger frame: a new one
    }

    @Test
    void keepsAtMostMaxIdleAndPrefersTheLargerBuffers() {
        FrameBufferPool pool = new FrameBufferPool(1);
        ByteBuffer small = pool.borrow(10);
        ByteBuffer large = pool.borrow(1000);
        pool.release(small);
        pool.release(large);
        assertThat(pool.idleCount()).isEqualTo(1);
        assertThat(pool.borrow(500)).isSameAs(large);
    }
}
