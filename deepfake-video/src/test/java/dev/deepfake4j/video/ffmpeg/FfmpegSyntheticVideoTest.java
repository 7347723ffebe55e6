package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact frame-index checks on videos written in the test, where every frame shows its own index (see
 * {@link SyntheticVideo}): 100 frames at 25 fps, MPEG-4 with up to 2 B-frames and a keyframe every 12 frames.
 */
class FfmpegSyntheticVideoTest {
    private static final int FRAMES = 100;
    private static final int GOP = 12;

    @TempDir
    static Path dir;
    private static Path withBFrames;
    private static Path variableRate;
    private static final long[] VFR_PTS_MS = {0, 40, 200, 230, 700, 710, 1500, 1540, 1580, 3000};

    private final FfmpegVideoDecoder decoder = new FfmpegVideoDecoder();

    @BeforeAll
    static void writeVideos() {
        withBFrames = SyntheticVideo.write(dir.resolve("counter.mp4"), SyntheticVideo.constantRate(FRAMES), 2, GOP);
        variableRate = SyntheticVideo.write(dir.resolve("vfr.mp4"), VFR_PTS_MS, 0, 4);
    }

    private List<Frame> decode(Path file, DecodeOptions options, SamplePlan plan) throws DeepfakeException {
        List<Frame> frames = new ArrayList<>();
        try (VideoSource source = decoder.open(file, options)) {
            source.decode(plan, f -> frames.add(f.copy()));
        }
        return frames;
    }

    @Test
    void infoCountsEveryFrameExactly() throws DeepfakeException {
        try (VideoSource source = decoder.open(withBFrames, DecodeOptions.defaults())) {
            VideoInfo info = source.info();
            assertThat(info.frameCount()).isEqualTo(FRAMES);
            assertThat(info.frameCountExact()).isTrue();
            assertThat(info.fps()).isCloseTo(25.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(info.width()).isEqualTo(SyntheticVideo.WIDTH);
            assertThat(info.height()).isEqualTo(SyntheticVideo.HEIGHT);
            assertThat(info.codec()).isEqualTo("mpeg4");
            assertThat(info.hasAudio()).isFalse();
        }
    }

    @Test
    void keyframeIndicesComeFromThePacketIndex() throws DeepfakeException {
        try (VideoSource source = decoder.open(withBFrames, DecodeOptions.defaults())) {
            assertThat(source.info().keyframeIndices()).startsWith(0).allMatch(k -> k % GOP == 0);
        }
    }

    @Test
    void everyFrameShowsTheIndexItIsDeliveredWith() throws DeepfakeException {
        List<Frame> frames = decode(withBFrames, DecodeOptions.defaults(),
                SamplePlan.ofIndices(IntStream.range(0, FRAMES).toArray()));

        assertThat(frames).hasSize(FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            assertThat(frames.get(i).index()).isEqualTo(i);
            assertThat(SyntheticVideo.shownIndex(frames.get(i))).as("frame %d", i).isEqualTo(i);
            assertThat(frames.get(i).ptsSeconds()).isCloseTo(i * 0.04, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void sparseIndicesSeekAndSkipYetGetExactlyThoseFrames() throws DeepfakeException {
        int[] wanted = {3, 4, 37, 38, 61, 95, 99};
        List<Frame> frames = decode(withBFrames, DecodeOptions.defaults(), SamplePlan.ofIndices(wanted));

        assertThat(frames).extracting(Frame::index).containsExactly(3, 4, 37, 38, 61, 95, 99);
        assertThat(frames).extracting(SyntheticVideo::shownIndex).containsExactly(3, 4, 37, 38, 61, 95, 99);
    }

    @Test
    void indicesPastTheEndAreNotDelivered() throws DeepfakeException {
        List<Frame> frames = decode(withBFrames, DecodeOptions.defaults(), SamplePlan.ofIndices(98, 99, 100, 500));

        assertThat(frames).extracting(Frame::index).containsExactly(98, 99);
    }

    @Test
    void keyframePlanDeliversTheKeyframes() throws DeepfakeException {
        List<Frame> frames = decode(withBFrames, DecodeOptions.defaults(), SamplePlan.keyframes(3));

        assertThat(frames).extracting(Frame::index).containsExactly(0, GOP, 2 * GOP);
        assertThat(frames).extracting(SyntheticVideo::shownIndex).containsExactly(0, GOP, 2 * GOP);
    }

    @Test
    void fastSeekDeliversFramesThatAreWhatTheirIndexSays() throws DeepfakeException {
        int[] wanted = {1, 20, 50, 77};
        List<Frame> frames = decode(withBFrames, DecodeOptions.builder().fastSeek(true).build(),
                SamplePlan.ofIndices(wanted));

        assertThat(frames).isNotEmpty();
        for (Frame f : frames) {
            assertThat(SyntheticVideo.shownIndex(f)).isEqualTo(f.index());
        }
        // With at most 2 B-frames between references, the nearest I/P frame is at most 2 frames away.
        for (int i = 0; i < frames.size(); i++) {
            int target = wanted[i];
            assertThat(Math.abs(frames.get(i).index() - target)).as("frame for %d", target).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void timestampsOnVariableFrameRateVideoPickTheFirstFrameAtOrAfter() throws DeepfakeException {
        // Frames at 0, 0.04, 0.2, 0.23, 0.7, 0.71, 1.5, 1.54, 1.58, 3.0 s.
        List<Frame> frames = decode(variableRate, DecodeOptions.defaults(), SamplePlan.ofTimestamps(0.1, 0.7, 1.0, 2.0));

        assertThat(frames).extracting(Frame::index).containsExactly(2, 4, 6, 9);
        assertThat(frames).extracting(SyntheticVideo::shownIndex).containsExactly(2, 4, 6, 9);
        assertThat(frames).extracting(Frame::ptsSeconds).containsExactly(0.2, 0.7, 1.5, 3.0);
    }

    @Test
    void variableFrameRateInfoCountsFramesNotDurationTimesRate() throws DeepfakeException {
        try (VideoSource source = decoder.open(variableRate, DecodeOptions.defaults())) {
            assertThat(source.info().frameCount()).isEqualTo(VFR_PTS_MS.length);
            assertThat(source.info().frameCountExact()).isTrue();
        }
    }

    @Test
    void scalingKeepsTheAspectRatioOfTheLongSide() throws DeepfakeException {
        List<Frame> frames = decode(withBFrames, DecodeOptions.builder().scaleLongSide(80).build(),
                SamplePlan.ofIndices(0));

        assertThat(frames.get(0).width()).isEqualTo(80);
        assertThat(frames.get(0).height()).isEqualTo(32);
    }

    @Test
    void aVideoAboveTheSizeLimitIsRejectedAtOpen() {
        DecodeOptions small = DecodeOptions.builder().maxDimensions(100, 100).build();

        assertThatThrownBy(() -> decoder.open(withBFrames, small))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT);
                    assertThat(e.getMessage()).contains(withBFrames.toString(), "160x64", "100x100");
                });
    }

    @Test
    void decodingTwiceFromOneSourceGivesTheSameFrames() throws DeepfakeException {
        try (VideoSource source = decoder.open(withBFrames, DecodeOptions.defaults())) {
            List<Integer> first = new ArrayList<>();
            List<Integer> second = new ArrayList<>();
            source.decode(SamplePlan.ofIndices(10, 90), f -> first.add(SyntheticVideo.shownIndex(f)));
            source.decode(SamplePlan.ofIndices(5, 50), f -> second.add(SyntheticVideo.shownIndex(f)));

            assertThat(first).containsExactly(10, 90);
            assertThat(second).containsExactly(5, 50);
        }
    }

    @Test
    void singleThreadedAndMultiThreadedDecodingAgree() throws DeepfakeException {
        SamplePlan plan = SamplePlan.ofIndices(7, 33, 34, 80);
        List<Frame> one = decode(withBFrames, DecodeOptions.builder().threads(1).build(), plan);
        List<Frame> four = decode(withBFrames, DecodeOptions.builder().threads(4).build(), plan);

        assertThat(one).hasSize(4);
        for (int i = 0; i < one.size(); i++) {
            assertThat(four.get(i).toPackedArray()).isEqualTo(one.get(i).toPackedArray());
        }
    }
}
