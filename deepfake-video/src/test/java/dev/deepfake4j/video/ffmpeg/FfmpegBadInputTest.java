package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input ends in a {@link DeepfakeException} with its code and the path, or in warnings. */
class FfmpegBadInputTest {
    private final FfmpegVideoDecoder decoder = new FfmpegVideoDecoder();

    @TempDir
    Path dir;

    private static void assertFails(ThrowingCallable call, ErrorCode code, Path path) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DeepfakeException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(path.toString());
        });
    }

    private void open(Path p) throws DeepfakeException {
        decoder.open(p, DecodeOptions.defaults()).close();
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.mp4");
        assertFails(() -> open(p), ErrorCode.FILE_NOT_FOUND, p);
    }

    @Test
    void directory() {
        assertFails(() -> open(dir), ErrorCode.NOT_READABLE, dir);
    }

    @Test
    void emptyFile() {
        Path p = TestAssets.require("videos/robustness/moviepy_result.webm");
        assertFails(() -> open(p), ErrorCode.NOT_A_VIDEO, p);
    }

    @Test
    void textFile() throws IOException {
        Path p = Files.writeString(dir.resolve("notes.mp4"), "these are not the frames you are looking for\n".repeat(50));
        assertFails(() -> open(p), ErrorCode.NOT_A_VIDEO, p);
    }

    @Test
    void audioOnly() {
        Path p = TestAssets.require("videos/robustness/moviepy_crunching.mp3");
        assertFails(() -> open(p), ErrorCode.NOT_A_VIDEO, p);
    }

    @Test
    void mp4WithoutItsIndex() {
        Path p = TestAssets.require("videos/robustness/derived_truncated_moov_missing.mp4");
        assertFails(() -> open(p), ErrorCode.NOT_A_VIDEO, p);
    }

    @Test
    void fileCutMidStreamDeliversWhatItHasWithAWarning() throws DeepfakeException {
        Path p = TestAssets.require("videos/robustness/derived_truncated_faststart.mp4");
        List<Integer> got = new ArrayList<>();
        try (VideoSource source = decoder.open(p, DecodeOptions.defaults())) {
            // The header promises 275 frames; about 127 are in the file.
            source.decode(SamplePlan.ofIndices(0, 50, 100, 200, 274), f -> got.add(f.index()));

            assertThat(got).containsExactly(0, 50, 100);
            assertThat(source.warnings()).isNotEmpty().anyMatch(w -> w.contains("cut short"));
        }
    }

    @Test
    void corruptPacketsAreWarnedAboutAndDecodingGoesOn() throws DeepfakeException, IOException {
        byte[] bytes = Files.readAllBytes(TestAssets.require("videos/robustness/moviepy_example.mp4"));
        // Overwrite stretches of the media data (the moov index is at the end of this file) with garbage.
        java.util.Random random = new java.util.Random(42);
        for (int start = 8_000; start < 50_000; start += 9_000) {
            for (int i = start; i < start + 600; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
        }
        Path p = Files.write(dir.resolve("corrupt.mp4"), bytes);
        List<Integer> got = new ArrayList<>();
        try (VideoSource source = decoder.open(p, DecodeOptions.defaults())) {
            source.decode(SamplePlan.ofIndices(IntStream.range(0, 50).toArray()), f -> got.add(f.index()));

            assertThat(got).isNotEmpty();
            assertThat(source.warnings()).isNotEmpty();
        }
    }

    @Test
    void videoAboveTheSizeLimit() {
        Path p = TestAssets.require("videos/labelled/dfdc/lynaeydofd.mp4");
        DecodeOptions small = DecodeOptions.builder().maxDimensions(1280, 1280).build();
        assertFails(() -> decoder.open(p, small), ErrorCode.UNSUPPORTED_INPUT, p);
    }

    @Test
    void interruptedThreadIsCancelled() throws DeepfakeException {
        Path p = TestAssets.require("videos/robustness/moviepy_example.mp4");
        try (VideoSource source = decoder.open(p, DecodeOptions.defaults())) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> source.decode(SamplePlan.ofIndices(0, 10), f -> { }))
                        .isInstanceOfSatisfying(DeepfakeException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void interruptFromTheSinkStopsDecoding() throws DeepfakeException {
        Path p = TestAssets.require("videos/robustness/moviepy_example.mp4");
        List<Integer> got = new ArrayList<>();
        try (VideoSource source = decoder.open(p, DecodeOptions.defaults())) {
            try {
                assertThatThrownBy(() -> source.decode(SamplePlan.ofIndices(IntStream.range(0, 50).toArray()), f -> {
                    got.add(f.index());
                    Thread.currentThread().interrupt();
                })).isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
            } finally {
                Thread.interrupted();
            }
        }
        assertThat(got).containsExactly(0);
    }

    @Test
    void timeoutIsCancelled() throws DeepfakeException {
        Path p = TestAssets.require("videos/labelled/dfdc/lynaeydofd.mp4");
        try (VideoSource source = decoder.open(p, DecodeOptions.defaults())) {
            DecodeOptions tight = DecodeOptions.builder().timeout(Duration.ofMillis(1)).build();
            assertThatThrownBy(() -> {
                try (VideoSource s = decoder.open(p, tight)) {
                    s.decode(SamplePlan.ofIndices(IntStream.range(0, 300).toArray()), f -> { });
                }
            }).isInstanceOfSatisfying(DeepfakeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
                assertThat(e.getMessage()).contains(p.toString());
            });
            assertThat(source.info().frameCount()).isEqualTo(300);
        }
    }

    @Test
    void anExceptionFromTheSinkComesBackUnchanged() throws DeepfakeException {
        Path p = TestAssets.require("videos/robustness/moviepy_example.mp4");
        DeepfakeException stop = new DeepfakeException(ErrorCode.BACKEND_FAILURE, "sink says stop");
        try (VideoSource source = decoder.open(p, DecodeOptions.defaults())) {
            assertThatThrownBy(() -> source.decode(SamplePlan.ofIndices(3, 4), f -> {
                throw stop;
            })).isSameAs(stop);
            // The source stays usable after a failed decode.
            List<Integer> got = new ArrayList<>();
            source.decode(SamplePlan.ofIndices(3, 4), f -> got.add(f.index()));
            assertThat(got).containsExactly(3, 4);
        }
    }

    @Test
    void closeIsIdempotentAndLaterUseFails() throws DeepfakeException {
        VideoSource source = decoder.open(TestAssets.require("videos/robustness/moviepy_example.mp4"),
                DecodeOptions.defaults());
        source.close();
        source.close();

        assertThatThrownBy(source::info).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void framesAreViewsThatCopyIntoOwnedFrames() throws DeepfakeException {
        List<Frame> copies = new ArrayList<>();
        try (VideoSource source = decoder.open(TestAssets.require("videos/robustness/moviepy_example.mp4"),
                DecodeOptions.defaults())) {
            source.decode(FrameSampler.uniform(2).plan(source.info()), f -> {
                assertThat(f.isOwned()).isFalse();
                copies.add(f.copy());
            });
        }
        assertThat(copies).hasSize(2).allMatch(Frame::isOwned);
    }
}
