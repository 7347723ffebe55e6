package dev.deepfake4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.Components;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.FrameSink;
import dev.deepfake4j.spi.VideoDecoder;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.testing.TestAssets;
import dev.deepfake4j.video.ffmpeg.FfmpegVideoDecoder;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Interrupts, per-video time limits and inputs that never deliver: each ends, with CANCELLED or a clear refusal. */
class CancellationIT {
    /** 1920x1080, 300 frames: long enough to interrupt in the middle. */
    private static final Path LONG_CLIP = TestAssets.require("videos/labelled/dfdc/lynaeydofd.mp4");

    @TempDir
    Path dir;

    /** The FFmpeg decoder, counting the sources it opened and the ones closed (closing frees their natives). */
    static final class CountingDecoder implements VideoDecoder {
        final VideoDecoder ffmpeg = new FfmpegVideoDecoder();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public VideoSource open(Path path, DecodeOptions options) throws DeepfakeException {
            VideoSource source = ffmpeg.open(path, options);
            opened.incrementAndGet();
            AtomicBoolean once = new AtomicBoolean();
            return new VideoSource() {
                @Override
                public VideoInfo info() {
                    return source.info();
                }

                @Override
                public int decode(SamplePlan plan, FrameSink sink) throws DeepfakeException {
                    return source.decode(plan, sink);
                }

                @Override
                public List<String> warnings() {
                    return source.warnings();
                }

                @Override
                public void close() {
                    source.close();
                    if (once.compareAndSet(false, true)) {
                        closed.incrementAndGet();
                    }
                }
            };
        }

        @Override
        public String name() {
            return "counting-ffmpeg";
        }
    }

    /** The default locator, announcing each frame it sees and optionally slowed down. */
    static final class ObservedLocator implements FaceLocator {
        final FaceLocator real;
        final CountDownLatch firstFrame = new CountDownLatch(1);
        final AtomicInteger frames = new AtomicInteger();
        final long delayMillis;

        ObservedLocator(long delayMillis) throws DeepfakeException {
            this.real = Components.discover().createFaceLocator();
            this.delayMillis = delayMillis;
        }

        @Override
        public List<FaceBox> locate(Frame frame) throws DeepfakeException {
            frames.incrementAndGet();
            firstFrame.countDown();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the pipeline notices at the next frame
                }
            }
            return real.locate(frame);
        }

        @Override
        public String name() {
            return "observed-" + real.name();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void interruptingAScoringThreadStopsItAndClosesItsVideo() throws Exception {
        CountingDecoder decoder = new CountingDecoder();
        try (ObservedLocator locator = new ObservedLocator(0);
                DeepfakeDetector detector = DeepfakeDetector.builder().decoder(decoder).faceLocator(locator)
                        .sampler(FrameSampler.uniform(300)).build()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread scorer = new Thread(() -> {
                try {
                    detector.score(LONG_CLIP);
                } catch (Throwable e) {
                    thrown.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            }, "scorer");
            scorer.start();
            locator.firstFrame.await();
            scorer.interrupt();
            scorer.join(TimeUnit.SECONDS.toMillis(60));

            assertThat(scorer.isAlive()).as("scoring thread still running 60 s after the interrupt").isFalse();
            assertThat(thrown.get()).isInstanceOfSatisfying(DeepfakeException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
            assertThat(stillInterrupted.get()).as("interrupt flag kept for the caller").isTrue();
            assertThat(locator.frames.get()).as("frames located before stopping").isLessThan(300);
            assertThat(decoder.closed.get()).as("sources closed").isEqualTo(decoder.opened.get()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theVideoTimeLimitStopsSlowFrameWork() throws Exception {
        CountingDecoder decoder = new CountingDecoder();
        // Decoding is quick; locating is slowed to 100 ms a frame, 32 frames = 3.2 s, against a 1 s limit. Either
        // layer may stop it: the pipeline's per-frame check or the decoder's limit (lowered to videoTimeout).
        try (ObservedLocator slow = new ObservedLocator(100);
                DeepfakeDetector detector = DeepfakeDetector.builder().decoder(decoder).faceLocator(slow)
                        .sampler(FrameSampler.uniform(32)).videoTimeout(Duration.ofSeconds(1)).build()) {
            assertThatThrownBy(() -> detector.score(LONG_CLIP)).isInstanceOfSatisfying(DeepfakeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
                assertThat(e.getMessage()).contains(LONG_CLIP.getFileName().toString()).contains("Timed out");
            });
            assertThat(slow.frames.get()).isLessThan(32);
            assertThat(decoder.closed.get()).isEqualTo(decoder.opened.get()).isEqualTo(1);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theVideoTimeLimitCoversTheWaitForTheClassifierAfterDecoding() throws Exception {
        // Decoding and locating 4 frames is quick; the classifier then takes 5 s a batch against a 1 s limit. Only
        // the pipeline's limit covers this stage (decoding is over).
        try (Classifier real = Components.discover().createClassifier();
                DeepfakeDetector detector = DeepfakeDetector.builder().classifier(new SlowClassifier(real, 5_000))
                        .sampler(FrameSampler.uniform(4)).videoTimeout(Duration.ofSeconds(1)).build()) {
            Path clip = TestAssets.require("videos/general/face_recognition_short_hamilton_clip.mp4");
            assertThatThrownBy(() -> detector.score(clip)).isInstanceOfSatisfying(DeepfakeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
                assertThat(e.getMessage()).contains(clip.getFileName().toString()).contains("video time limit");
            });
        }
    }

    /** A classifier that sleeps before each batch (interruptibly: a cancelled batch stops sleeping). */
    private record SlowClassifier(Classifier real, long delayMillis) implements Classifier {
        @Override
        public InputSpec inputSpec() {
            return real.inputSpec();
        }

        @Override
        public String name() {
            return "slow-" + real.name();
        }

        @Override
        public int maxBatchSize() {
            return real.maxBatchSize();
        }

        @Override
        public float[] classify(List<FaceCrop> crops) throws DeepfakeException {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                throw DeepfakeException.cancelled("a slowed classifier batch");
            }
            return real.classify(crops);
        }
    }

    @Test
    void aFifoThatNeverDeliversIsRefusedInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("camera.mp4");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mk.waitFor()).as("mkfifo exit code").isZero();
        try (DeepfakeDetector detector = Pipelines.detector(4, Duration.ofSeconds(10))) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                assertThatThrownBy(() -> new FfmpegVideoDecoder().open(fifo, DecodeOptions.defaults()))
                        .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.NOT_READABLE);
                            assertThat(e.getMessage()).contains(fifo.toString()).contains("not a regular file");
                        });
                assertThatThrownBy(() -> detector.score(fifo)).isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_READABLE));
            });
        } finally {
            // Should a reader be stuck in open(2) (the protection removed), a writer releases it.
            Thread release = new Thread(() -> {
                try (OutputStream w = Files.newOutputStream(fifo)) {
                    w.flush();
                } catch (Exception ignored) {
                    // nobody was reading: nothing to release
                }
            });
            release.setDaemon(true);
            release.start();
            release.join(1000);
        }
    }
}
