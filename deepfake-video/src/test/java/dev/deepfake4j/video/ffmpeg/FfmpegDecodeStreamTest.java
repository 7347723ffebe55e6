package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.FrameSelector;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.testing.TestAssets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link FfmpegVideoSource#decodeStream}: frames chosen by their own time while the file is read front to back. */
class FfmpegDecodeStreamTest {
    private static final String CLIP = "videos/labelled/dfdc/lynaeydofd.mp4";
    private static final DecodeOptions SMALL = DecodeOptions.builder().scaleLongSide(64).build();
    private final FfmpegVideoDecoder decoder = new FfmpegVideoDecoder();

    /** Takes a frame when its time reaches the next multiple of {@code step}. */
    private static final class EveryStep implements FrameSelector {
        final double step;
        final List<Double> offered = new ArrayList<>();
        int next;

        EveryStep(double step) {
            this.step = step;
        }

        @Override
        public boolean select(int index, double ptsSeconds) {
            offered.add(ptsSeconds);
            if (ptsSeconds + 1e-6 < next * step) {
                return false;
            }
            while (next * step <= ptsSeconds + 1e-6) {
                next++;
            }
            return true;
        }
    }

    @Test
    void selectingByTimeGivesTheFramesATimestampPlanGives() throws DeepfakeException {
        List<Frame> streamed = new ArrayList<>();
        EveryStep selector = new EveryStep(0.5);
        try (VideoSource source = decoder.open(TestAssets.require(CLIP), SMALL)) {
            int n = source.decodeStream(selector, f -> streamed.add(f.copy()));
            assertThat(n).isEqualTo(streamed.size());
        }
        List<Frame> planned = new ArrayList<>();
        try (VideoSource source = decoder.open(TestAssets.require(CLIP), SMALL)) {
            source.decode(SamplePlan.ofTimestamps(IntStream.range(0, 20).mapToDouble(i -> i * 0.5).toArray()),
                    f -> planned.add(f.copy()));
        }
        assertThat(streamed).hasSize(20); // a 10 s clip, one frame per half second
        assertThat(streamed).extracting(Frame::index).containsExactlyElementsOf(
                planned.stream().map(Frame::index).toList());
        assertThat(streamed).extracting(Frame::ptsSeconds).containsExactlyElementsOf(
                planned.stream().map(Frame::ptsSeconds).toList());
        for (int i = 0; i < streamed.size(); i++) {
            assertThat(streamed.get(i).toPackedArray()).isEqualTo(planned.get(i).toPackedArray());
        }
        // every frame of the file was offered, in presentation order
        assertThat(selector.offered).hasSizeGreaterThan(250).isSorted();
    }

    @Test
    void aFinishedSelectorStopsTheRead() throws DeepfakeException {
        List<Frame> streamed = new ArrayList<>();
        FrameSelector firstThree = new FrameSelector() {
            int taken;

            @Override
            public boolean select(int index, double ptsSeconds) {
                taken++;
                return true;
            }

            @Override
            public boolean finished() {
                return taken >= 3;
            }
        };
        try (VideoSource source = decoder.open(TestAssets.require(CLIP), SMALL)) {
            source.decodeStream(firstThree, f -> streamed.add(f.copy()));
        }
        assertThat(streamed).extracting(Frame::index).containsExactly(0, 1, 2);
    }
}
