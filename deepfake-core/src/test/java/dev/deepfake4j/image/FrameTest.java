package dev.deepfake4j.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameTest {
    @Test
    void aViewHonoursItsRowStrideAndCopiesIntoAnOwnedFrame() {
        // 2x2 BGR frame with rows padded to 8 bytes; pixel (x, y) channel c holds 10*y + 3*x + c
        ByteBuffer buf = ByteBuffer.allocateDirect(16);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                for (int c = 0; c < 3; c++) {
                    buf.put(y * 8 + x * 3 + c, (byte) (10 * y + 3 * x + c));
                }
            }
        }
        Frame view = Frame.view(7, 0.25, 2, 2, 8, PixelFormat.BGR24, buf);
        assertThat(view.isOwned()).isFalse();
        assertThat(view.sample(1, 1, 2)).isEqualTo(15);
        Frame copy = view.copy();
        assertThat(copy.isOwned()).isTrue();
        assertThat(copy.rowStride()).isEqualTo(6);
        assertThat(copy.toPackedArray()).containsExactly(0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15);
        buf.put(0, (byte) 99); // the view changes with its buffer, the copy does not
        assertThat(view.sample(0, 0, 0)).isEqualTo(99);
        assertThat(copy.sample(0, 0, 0)).isZero();
        assertThat(copy.index()).isEqualTo(7);
    }

    @Test
    void thumbnailAveragesSamplesOfEachArea() {
        // 4x2 grey-ish frame: left half 0, right half 200 -> 2x1 thumbnail: 0 and 200
        byte[] px = new byte[4 * 2 * 3];
        for (int y = 0; y < 2; y++) {
            for (int x = 2; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    px[(y * 4 + x) * 3 + c] = (byte) 200;
                }
            }
        }
        Frame t = Frame.owned(0, 0, 4, 2, PixelFormat.RGB24, px).thumbnail(2);
        assertThat(t.width()).isEqualTo(2);
        assertThat(t.height()).isEqualTo(1);
        assertThat(t.sample(0, 0, 0)).isZero();
        assertThat(t.sample(1, 0, 2)).isEqualTo(200);
    }

    @Test
    void aBufferTooSmallForTheSizeIsRejected() {
        assertThatThrownBy(() -> Frame.owned(0, 0, 4, 4, PixelFormat.BGR24, new byte[10]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4x4");
    }
}
