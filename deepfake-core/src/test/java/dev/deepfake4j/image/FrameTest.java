package dev.deepfake4j.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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

    /** A 10x10 frame whose pixel (x, y) channel c becomes x + 10 y + c, written only when asked for. */
    private static Frame pending(List<String> calls) {
        ByteBuffer buf = ByteBuffer.allocateDirect(10 * 30);
        return Frame.pendingView(3, 0.1, 10, 10, 30, PixelFormat.BGR24, buf, (x, y, w, h) -> {
            calls.add(x + "," + y + " " + w + "x" + h);
            for (int yy = y; yy < y + h; yy++) {
                for (int xx = x; xx < x + w; xx++) {
                    for (int c = 0; c < 3; c++) {
                        buf.put(yy * 30 + xx * 3 + c, (byte) (xx + 10 * yy + c));
                    }
                }
            }
        });
    }

    @Test
    void aPendingViewConvertsOnlyTheRegionsReadAndEachOnce() {
        List<String> calls = new ArrayList<>();
        Frame frame = pending(calls);
        assertThat(calls).isEmpty();

        Frame face = frame.region(2, 3, 4, 4);
        assertThat(face.sample(1, 1, 2)).isEqualTo(3 + 40 + 2);
        frame.region(3, 4, 2, 2); // inside the first: nothing to convert
        frame.region(0, 0, 2, 2);
        assertThat(calls).containsExactly("2,3 4x4", "0,0 2x2");
        assertThat(face.isOwned()).isFalse();
    }

    @Test
    void anyWholeFrameReadConvertsTheWholeFrameOnceAndThenNothingMore() {
        List<String> calls = new ArrayList<>();
        Frame frame = pending(calls);
        frame.region(1, 1, 2, 2);

        Frame copy = frame.copy();
        assertThat(copy.sample(9, 9, 0)).isEqualTo(99);
        assertThat(frame.sample(0, 9, 1)).isEqualTo(91);
        frame.pixels();
        frame.region(5, 5, 5, 5);
        frame.thumbnail(4);
        assertThat(calls).containsExactly("1,1 2x2", "0,0 10x10");
    }

    @Test
    void regionsThatAddUpToHalfTheFrameConvertTheRestWithTheLast() {
        List<String> calls = new ArrayList<>();
        Frame frame = pending(calls);
        frame.region(0, 0, 5, 5); // 25 of 100 pixels
        frame.region(5, 5, 5, 4); // 45
        frame.region(0, 5, 1, 5); // 50: the whole frame instead
        frame.region(7, 0, 3, 3);
        assertThat(calls).containsExactly("0,0 5x5", "5,5 5x4", "0,0 10x10");
        assertThat(frame.sample(8, 1, 0)).isEqualTo(18);
    }

    @Test
    void aPendingViewsFailureReachesTheReader() {
        Frame frame = Frame.pendingView(0, 0, 4, 4, 12, PixelFormat.BGR24, ByteBuffer.allocateDirect(48),
                (x, y, w, h) -> {
                    throw new IllegalStateException("gone");
                });
        assertThatThrownBy(() -> frame.region(0, 0, 2, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("gone");
        assertThatThrownBy(frame::pixels).isInstanceOf(IllegalStateException.class);
    }
}
