package dev.deepfake4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.VideoProgress;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One detector shared by many threads: same answers as one thread, a clean close, a clear error after it. */
class ConcurrencyIT {
    /** Small real clips with faces (and one without), reused to make 100 videos. */
    private static final List<Path> CLIPS = List.of(
            TestAssets.require("videos/general/face_recognition_short_hamilton_clip.mp4"),
            TestAssets.require("videos/labelled/ffpp/Deepfakes_003_000.mp4"),
            TestAssets.require("videos/robustness/moviepy_example.mp4"),
            TestAssets.require("videos/robustness/iphone_rotated.mov"));

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void eightThreadsScoringOneHundredVideosAgreeWithSequentialScoring() throws Exception {
        try (DeepfakeDetector detector = Pipelines.detector(8, Duration.ofMinutes(2))) {
            Map<Path, Double> sequential = new LinkedHashMap<>();
            for (Path clip : CLIPS) {
                sequential.put(clip, detector.score(clip));
            }
            List<Path> videos = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                videos.add(CLIPS.get(i % CLIPS.size()));
            }
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<Double>> scores = new ArrayList<>();
                for (Path v : videos) {
                    scores.add(threads.submit(() -> detector.score(v)));
                }
                for (int i = 0; i < videos.size(); i++) {
                    assertThat(scores.get(i).get()).as("video %d (%s)", i, videos.get(i).getFileName())
                            .isEqualTo(sequential.get(videos.get(i)));
                }
            } finally {
                threads.shutdownNow();
            }
            // Not all the same number: the comparison above could not pass by accident.
            assertThat(sequential.values().stream().distinct().count()).isGreaterThan(1);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void closeDuringScoringWaitsForCallsInFlightAndLaterCallsFailClearly() throws Exception {
        DeepfakeDetector detector = Pipelines.detector(8, Duration.ofMinutes(2));
        Path clip = CLIPS.get(0);
        double expected = detector.score(clip);
        AtomicInteger scored = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicLong lastSuccessEnd = new AtomicLong();
        List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch running = new CountDownLatch(4);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            threads.submit(() -> {
                running.countDown();
                while (true) {
                    try {
                        // the report's last step, inside the call (after it returns the clock would race close())
                        VideoProgress endOfCall = new VideoProgress() {
                            @Override
                            public void done() {
                                lastSuccessEnd.accumulateAndGet(System.nanoTime(), Math::max);
                            }
                        };
                        double p = detector.analyze(VideoInput.of(clip), endOfCall).pFake();
                        if (p != expected) {
                            unexpected.add(new AssertionError("score " + p + " != " + expected));
                        }
                        scored.incrementAndGet();
                    } catch (IllegalStateException closed) {
                        // Only the detector's own refusal counts: a component closed under a running call (the
                        // ONNX session, the locator) would say "closed" too, but that is the failure to catch.
                        if (!"this DeepfakeDetector is closed".equals(closed.getMessage())) {
                            unexpected.add(closed);
                        }
                        refused.incrementAndGet();
                        return;
                    } catch (Throwable other) {
                        unexpected.add(other);
                        return;
                    }
                }
            });
        }
        running.await();
        while (scored.get() < 4) {
            Thread.sleep(10);
        }
        detector.close();
        long closeReturned = System.nanoTime();
        threads.shutdown();
        assertThat(threads.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

        assertThat(unexpected).isEmpty();
        assertThat(refused.get()).isEqualTo(4);
        // Every call that finished did so before close() returned: close() waited, it freed nothing under them.
        assertThat(lastSuccessEnd.get()).isLessThanOrEqualTo(closeReturned);
    }

    @Test
    void useAfterCloseIsAnIllegalStateException() throws DeepfakeException {
        DeepfakeDetector detector = Pipelines.detector(4, Duration.ofMinutes(1));
        detector.close();
        detector.close(); // idempotent
        Path clip = CLIPS.get(2);
        assertThatThrownBy(() -> detector.score(clip)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> detector.analyze(clip)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> detector.analyzeAll(List.of(clip))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
