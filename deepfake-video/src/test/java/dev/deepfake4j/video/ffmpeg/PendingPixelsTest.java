package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.testing.TestAssets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames converted only where they are read ({@code FrameConverter}, {@code RegionScalers}) against the same frames
 * converted whole, on the shared clips: the FF++ clips are yuv444p (swscale's full-chroma path), the DFDC ones
 * yuv420p (its SIMD yuv2rgb path), portrait and landscape.
 */
class PendingPixelsTest {
    private final FfmpegVideoDecoder decoder = new FfmpegVideoDecoder();

    @ParameterizedTest
    @ValueSource(strings = {"videos/labelled/ffpp/Face2Face_750_743.mp4", "videos/labelled/ffpp/youtube_519.mp4",
        "videos/labelled/dfdc/lynaeydofd.mp4", "videos/labelled/dfdc/brtujopkby.mp4"})
    void rectanglesConvertedAloneHoldTheBytesOfAWholeFrameConversion(String asset) throws DeepfakeException {
        Random random = new Random(asset.hashCode());
        List<String> mismatches = new ArrayList<>();
        int[] checked = {0};
        try (VideoSource source = decoder.open(TestAssets.require(asset), DecodeOptions.defaults())) {
            source.decode(FrameSampler.uniform(6).plan(source.info()), frame -> {
                // Odd corners and sizes, the frame's edges included; each checked right after it was converted,
                // before a later rectangle or the whole frame could have written it.
                List<int[]> rects = new ArrayList<>();
                List<byte[]> seen = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    int w = 1 + random.nextInt(frame.width() / 3);
                    int h = 1 + random.nextInt(frame.height() / 3);
                    int x = i == 0 ? frame.width() - w : random.nextInt(frame.width() - w + 1);
                    int y = i == 1 ? frame.height() - h : random.nextInt(frame.height() - h + 1);
                    rects.add(new int[] {x, y, w, h});
                    seen.add(frame.region(x, y, w, h).toPackedArray());
                }
                Frame whole = frame.copy();
                for (int i = 0; i < rects.size(); i++) {
                    int[] r = rects.get(i);
                    byte[] expected = whole.region(r[0], r[1], r[2], r[3]).toPackedArray();
                    if (!Arrays.equals(expected, seen.get(i))) {
                        mismatches.add(frame + " " + Arrays.toString(r));
                    }
                    checked[0]++;
                }
            });
        }
        assertThat(checked[0]).isEqualTo(36);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aFrameReadAfterItsCallbackFailsClearlyInsteadOfReadingFreedMemory() throws DeepfakeException {
        AtomicReference<Frame> kept = new AtomicReference<>();
        try (VideoSource source = decoder.open(TestAssets.require("videos/labelled/ffpp/youtube_519.mp4"),
                DecodeOptions.defaults())) {
            source.decode(FrameSampler.at(1.0).plan(source.info()), kept::set);
        }

        assertThatThrownBy(() -> kept.get().region(0, 0, 32, 32))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("youtube_519.mp4")
                .hasMessageContaining("copy()");
    }

    @Test
    void aRectangleReadFromAnotherThreadDuringTheCallbackIsConverted() throws DeepfakeException {
        List<byte[]> fromThread = new ArrayList<>();
        List<byte[]> whole = new ArrayList<>();
        try (VideoSource source = decoder.open(TestAssets.require("videos/labelled/ffpp/youtube_519.mp4"),
                DecodeOptions.defaults())) {
            source.decode(FrameSampler.at(2.0).plan(source.info()), frame -> {
                Thread reader = new Thread(() -> fromThread.add(frame.region(100, 50, 200, 150).toPackedArray()));
                reader.start();
                try {
                    reader.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                whole.add(frame.copy().region(100, 50, 200, 150).toPackedArray());
            });
        }
        assertThat(fromThread).hasSize(1);
        assertThat(fromThread.get(0)).isEqualTo(whole.get(0));
    }
}
