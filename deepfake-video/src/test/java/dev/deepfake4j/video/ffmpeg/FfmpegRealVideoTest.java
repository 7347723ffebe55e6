package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.testing.TestAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The decoder on the shared real videos; expected facts come from {@code assets/SOURCES.md}. */
class FfmpegRealVideoTest {
    private static final String DFDC = "videos/labelled/dfdc/";
    private static final String ROBUST = "videos/robustness/";
    private final FfmpegVideoDecoder decoder = new FfmpegVideoDecoder();

    private VideoInfo info(String asset) throws DeepfakeException {
        try (VideoSource source = decoder.open(TestAssets.require(asset), DecodeOptions.defaults())) {
            return source.info();
        }
    }

    private List<Frame> decode(String asset, DecodeOptions options, SamplePlan plan) throws DeepfakeException {
        List<Frame> frames = new ArrayList<>();
        try (VideoSource source = decoder.open(TestAssets.require(asset), options)) {
            source.decode(plan, f -> frames.add(f.copy()));
        }
        return frames;
    }

    @Test
    void dfdcClipInfo() throws DeepfakeException {
        VideoInfo info = info(DFDC + "lynaeydofd.mp4");

        assertThat(info.width()).isEqualTo(1920);
        assertThat(info.height()).isEqualTo(1080);
        assertThat(info.frameCount()).isEqualTo(300);
        assertThat(info.frameCountExact()).isTrue();
        assertThat(info.fps()).isCloseTo(29.97, within(0.01));
        assertThat(info.durationSeconds()).isCloseTo(10.01, within(0.02));
        assertThat(info.codec()).isEqualTo("h264");
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.rotationDegrees()).isZero();
        assertThat(info.keyframeIndices()).startsWith(0);
    }

    @Test
    void portraitDfdcClipIsStoredPortraitWithoutRotation() throws DeepfakeException {
        VideoInfo info = info(DFDC + "brtujopkby.mp4");

        assertThat(info.rotationDegrees()).isZero();
        assertThat(info.width()).isEqualTo(1080);
        assertThat(info.height()).isEqualTo(1920);
    }

    @Test
    void iphoneVideoWithAudioFirstIsRotatedToPortrait() throws DeepfakeException {
        VideoInfo info = info(ROBUST + "iphone_rotated.mov");

        assertThat(info.codedWidth()).isEqualTo(568);
        assertThat(info.codedHeight()).isEqualTo(320);
        assertThat(info.rotationDegrees()).isEqualTo(90);
        assertThat(info.width()).isEqualTo(320);
        assertThat(info.height()).isEqualTo(568);
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.codec()).isEqualTo("h264");
    }

    @Test
    void rotatedFramesComeOutUpright() throws DeepfakeException {
        List<Frame> frames = decode(ROBUST + "iphone_rotated.mov", DecodeOptions.defaults(), SamplePlan.ofIndices(0, 30));

        assertThat(frames).allSatisfy(f -> {
            assertThat(f.width()).isEqualTo(320);
            assertThat(f.height()).isEqualTo(568);
        });
    }

    @Test
    void upsideDownVideoIsRotatedHalfATurn() throws DeepfakeException {
        VideoInfo info = info(ROBUST + "moviepy_fire2.mp4");

        assertThat(info.rotationDegrees()).isEqualTo(180);
        assertThat(info.width()).isEqualTo(1280);
        assertThat(info.height()).isEqualTo(720);
        assertThat(info.frameCount()).isEqualTo(25);
        assertThat(info.fps()).isCloseTo(10.5, within(0.05));
    }

    @Test
    void variableFrameRateTimestampsIncreaseAndMatchTheTimestampPlan() throws DeepfakeException {
        List<Frame> all = decode(ROBUST + "moviepy_fire2.mp4", DecodeOptions.builder().scaleLongSide(64).build(),
                SamplePlan.ofIndices(IntStream.range(0, 25).toArray()));
        assertThat(all).hasSize(25);
        double t = all.get(12).ptsSeconds();

        List<Frame> atT = decode(ROBUST + "moviepy_fire2.mp4", DecodeOptions.builder().scaleLongSide(64).build(),
                SamplePlan.ofTimestamps(t - 1e-3));

        assertThat(all).extracting(Frame::ptsSeconds).isSorted().doesNotHaveDuplicates();
        assertThat(atT).extracting(Frame::index).containsExactly(12);
    }

    @Test
    void uniform32OnADfdcClipTakesTheLinspaceIndices() throws DeepfakeException {
        List<Frame> frames = new ArrayList<>();
        try (VideoSource source = decoder.open(TestAssets.require(DFDC + "lynaeydofd.mp4"),
                DecodeOptions.builder().scaleLongSide(320).build())) {
            source.decode(FrameSampler.uniform(32).plan(source.info()), f -> frames.add(f.copy()));
        }
        int[] expected = IntStream.range(0, 32).map(i -> (int) Math.floor(i * 299.0 / 31)).toArray();

        assertThat(frames).extracting(Frame::index).containsExactly(IntStream.of(expected).boxed().toArray(Integer[]::new));
        assertThat(frames).extracting(Frame::ptsSeconds).isSorted().doesNotHaveDuplicates();
        assertThat(frames.get(31).ptsSeconds()).isCloseTo(299 * 1001 / 30000.0, within(1e-3));
    }

    @Test
    void firstDfdcFrameMatchesThePublishedJpeg() throws DeepfakeException, IOException {
        BufferedImage jpeg = ImageIO.read(TestAssets.require("images/dfdc_frames/lynaeydofd_fr0.jpg").toFile());
        Frame frame = decode(DFDC + "lynaeydofd.mp4", DecodeOptions.builder().pixelFormat(PixelFormat.RGB24).build(),
                SamplePlan.ofIndices(0)).get(0);

        assertThat(frame.width()).isEqualTo(jpeg.getWidth());
        assertThat(frame.height()).isEqualTo(jpeg.getHeight());
        double sum = 0;
        int n = 0;
        for (int y = 0; y < frame.height(); y += 4) {
            for (int x = 0; x < frame.width(); x += 4) {
                int rgb = jpeg.getRGB(x, y);
                sum += Math.abs(frame.sample(x, y, 0) - ((rgb >> 16) & 0xFF));
                sum += Math.abs(frame.sample(x, y, 1) - ((rgb >> 8) & 0xFF));
                sum += Math.abs(frame.sample(x, y, 2) - (rgb & 0xFF));
                n += 3;
            }
        }
        // JPEG is lossy; a wrong frame, channel order or colour matrix gives tens of levels.
        assertThat(sum / n).isLessThan(4.0);
    }

    @Test
    void bgrIsRgbWithChannelsSwapped() throws DeepfakeException {
        Frame rgb = decode(DFDC + "lynaeydofd.mp4", DecodeOptions.builder().pixelFormat(PixelFormat.RGB24)
                .scaleLongSide(160).build(), SamplePlan.ofIndices(5)).get(0);
        Frame bgr = decode(DFDC + "lynaeydofd.mp4", DecodeOptions.builder().pixelFormat(PixelFormat.BGR24)
                .scaleLongSide(160).build(), SamplePlan.ofIndices(5)).get(0);

        double swapped = 0;
        double same = 0;
        int n = 0;
        for (int y = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++) {
                swapped += Math.abs(bgr.sample(x, y, 0) - rgb.sample(x, y, 2));
                same += Math.abs(bgr.sample(x, y, 0) - rgb.sample(x, y, 0));
                n++;
            }
        }
        // swscale's RGB and BGR paths round a little differently; a missing swap differs by |R - B| everywhere.
        assertThat(swapped / n).isLessThan(1.5);
        assertThat(same / n).isGreaterThan(5 * (swapped / n));
    }

    @Test
    void seekingGivesTheSameBytesAsDecodingStraightThrough() throws DeepfakeException {
        // youtube_519: yuv444p, keyframes at 0, 250, 500, 750, so the sparse plan seeks.
        String asset = "videos/labelled/ffpp/youtube_519.mp4";
        DecodeOptions options = DecodeOptions.builder().scaleLongSide(160).build();
        int[] wanted = {10, 260, 499, 501, 740, 750};
        List<Frame> sparse = decode(asset, options, SamplePlan.ofIndices(wanted));
        List<Frame> straight = decode(asset, options, SamplePlan.ofIndices(IntStream.range(0, 751).toArray()));

        assertThat(sparse).extracting(Frame::index).containsExactly(10, 260, 499, 501, 740, 750);
        for (Frame f : sparse) {
            assertThat(f.toPackedArray()).as("frame %d", f.index()).isEqualTo(straight.get(f.index()).toPackedArray());
            assertThat(f.ptsSeconds()).isEqualTo(straight.get(f.index()).ptsSeconds());
        }
    }

    @Test
    void seekingOnADfdcClipGivesTheSameBytesAsDecodingStraightThrough() throws DeepfakeException {
        String asset = DFDC + "lynaeydofd.mp4";
        DecodeOptions options = DecodeOptions.builder().scaleLongSide(160).build();
        List<Frame> sparse = decode(asset, options, SamplePlan.ofIndices(1, 150, 251, 299));
        List<Frame> straight = decode(asset, options, SamplePlan.ofIndices(IntStream.range(0, 300).toArray()));

        for (Frame f : sparse) {
            assertThat(f.toPackedArray()).as("frame %d", f.index()).isEqualTo(straight.get(f.index()).toPackedArray());
        }
    }

    @Test
    void fastModeOnADfdcClipDeliversNearbyFramesInOrder() throws DeepfakeException {
        List<Frame> frames = new ArrayList<>();
        int[] wanted;
        try (VideoSource source = decoder.open(TestAssets.require(DFDC + "lynaeydofd.mp4"),
                DecodeOptions.builder().fastSeek(true).scaleLongSide(160).build())) {
            SamplePlan plan = FrameSampler.uniform(32).plan(source.info());
            wanted = plan.indices();
            source.decode(plan, f -> frames.add(f.copy()));
        }

        assertThat(frames).extracting(Frame::index).isSorted().doesNotHaveDuplicates();
        assertThat(frames.size()).isBetween(20, 32);
        for (Frame f : frames) {
            int nearest = IntStream.of(wanted).map(w -> Math.abs(w - f.index())).min().orElseThrow();
            assertThat(nearest).as("frame %d", f.index()).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void yuv444VideoDecodes() throws DeepfakeException {
        VideoInfo info = info("videos/labelled/ffpp/Deepfakes_003_000.mp4");
        List<Frame> frames = decode("videos/labelled/ffpp/Deepfakes_003_000.mp4", DecodeOptions.defaults(),
                SamplePlan.ofIndices(0, 302));

        assertThat(info.frameCount()).isEqualTo(303);
        assertThat(frames).extracting(Frame::index).containsExactly(0, 302);
        assertThat(frames.get(1).ptsSeconds()).isCloseTo(12.08, within(1e-6));
    }

    @Test
    void onePixelVideoDecodes() throws DeepfakeException {
        List<Frame> frames = decode(ROBUST + "moviepy_test_video.mp4", DecodeOptions.defaults(),
                SamplePlan.ofIndices(0, 1, 2, 3, 4));

        assertThat(frames).extracting(Frame::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(frames).extracting(Frame::ptsSeconds).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
        assertThat(frames).allSatisfy(f -> assertThat(f.width() * f.height()).isEqualTo(1));
    }

    @Test
    void webmWithoutDurationGetsAnExactFrameCountAndADuration() throws DeepfakeException {
        VideoInfo info = info(ROBUST + "moviepy_no_duration.webm");

        assertThat(info.codec()).isEqualTo("vp9");
        assertThat(info.frameCount()).isEqualTo(74);
        assertThat(info.frameCountExact()).isTrue();
        assertThat(info.durationSeconds()).isBetween(4.8, 5.1);
    }

    @Test
    void vp9WithAlphaAndVp8Decode() throws DeepfakeException {
        List<Frame> alpha = decode(ROBUST + "moviepy_transparent.webm", DecodeOptions.defaults(),
                FrameSampler.uniform(4).plan(info(ROBUST + "moviepy_transparent.webm")));
        List<Frame> vp8 = decode(ROBUST + "moviepy_big_buck_bunny_432_433.webm", DecodeOptions.defaults(),
                SamplePlan.ofIndices(0, 23));

        assertThat(alpha).extracting(Frame::index).containsExactly(0, 49, 99, 149);
        assertThat(alpha.get(0).width()).isEqualTo(200);
        assertThat(vp8).extracting(Frame::index).containsExactly(0, 23);
        assertThat(vp8.get(0).width()).isEqualTo(1280);
    }

    @Test
    void videoWithoutAudioSaysSo() throws DeepfakeException {
        assertThat(info(ROBUST + "moviepy_example.mp4").hasAudio()).isFalse();
    }
}
