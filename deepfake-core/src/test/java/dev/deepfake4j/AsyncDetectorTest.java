package dev.deepfake4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.Components;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncDetectorTest {
    private final FakePipeline.Decoder decoder = new FakePipeline.Decoder();

    private DetectorBuilder base(FaceBox... faces) {
        return DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper())
                .faceLocator(new FakePipeline.Locator(faces))
                .classifier(new FakePipeline.ByteClassifier(4, 8, b -> b / 10.0)).components(Components.of(List.of()))
                .sampler(FrameSampler.uniform(10));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(5); // bounded by the class's @Timeout
        }
    }

    @Test
    void asyncReportEqualsTheSynchronousOne() throws Exception {
        try (DeepfakeDetector d = base(FaceBox.of(2, 2, 10, 10, 0.9)).build()) {
            VideoReport sync = d.analyze(Path.of("10-frames.mp4"));
            VideoReport async = d.analyzeAsync(Path.of("10-frames.mp4")).get();
            assertThat(async.pFake()).isEqualTo(sync.pFake()).isNotEqualTo(0.5);
            assertThat(async.label()).isEqualTo(sync.label());
            assertThat(async.frames()).hasSameSizeAs(sync.frames()).hasSize(10);
            assertThat(async.path()).isEqualTo(sync.path());
        }
        assertThat(decoder.closed.get()).isEqualTo(decoder.open.get()).isEqualTo(2);
    }

    @Test
    void aCallerBeyondTheBoundIsRefusedAtOnceAndCloseFailsTheHeldOnes() throws Exception {
        DeepfakeDetector d = base(FaceBox.of(2, 2, 10, 10, 0.9)).maxConcurrentVideos(1).maxQueuedVideos(1).build();
        CompletableFuture<VideoReport> running = d.analyzeAsync(Path.of("slow.mp4"));
        CompletableFuture<VideoReport> queued = d.analyzeAsync(Path.of("slow.mp4"));
        CompletableFuture<VideoReport> refused = d.analyzeAsync(Path.of("3-frames.mp4"));

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BUSY);
                    assertThat(e.getMessage()).contains("3-frames.mp4");
                });
        assertThat(running).isNotDone();
        assertThat(queued).isNotDone();

        d.close();
        assertThatThrownBy(running::join).cause().isInstanceOf(DetectorClosedException.class);
        assertThatThrownBy(queued::join).cause().isInstanceOf(DetectorClosedException.class);
        assertThatThrownBy(d.analyzeAsync(Path.of("3-frames.mp4"))::join).cause()
                .isInstanceOf(DetectorClosedException.class);
        assertThat(decoder.closed.get()).isEqualTo(decoder.open.get());
    }

    @Test
    void aPermitComesBackBeforeTheCallerHears() throws Exception {
        try (DeepfakeDetector d = base().maxConcurrentVideos(1).maxQueuedVideos(0).build()) {
            for (int i = 0; i < 20; i++) {
                assertThat(d.analyzeAsync(Path.of("3-frames.mp4")).join().frames()).hasSize(3);
            }
        }
    }

    @Test
    void cancellingTheFutureStopsTheVideoAndClosesItsSource() throws Exception {
        try (DeepfakeDetector d = base(FaceBox.of(2, 2, 10, 10, 0.9)).maxConcurrentVideos(1).maxQueuedVideos(0)
                .build()) {
            CompletableFuture<VideoReport> slow = d.analyzeAsync(Path.of("slow.mp4"));
            awaitTrue(() -> decoder.open.get() == 1); // it is blocked in its first frame
            assertThat(slow.cancel(true)).isTrue();
            awaitTrue(() -> decoder.closed.get() == 1); // interrupted: the pipeline gave its source back
            assertThat(slow).isCancelled();
            assertThatThrownBy(slow::join).isInstanceOf(CancellationException.class);
            // its permit is back once the work ended: the one slot serves the next video
            CompletableFuture<VideoReport> next;
            do {
                next = d.analyzeAsync(Path.of("3-frames.mp4"));
            } while (next.isCompletedExceptionally() && !next.isCancelled() && busy(next));
            assertThat(next.join().frames()).hasSize(3);
        }
    }

    private static boolean busy(CompletableFuture<VideoReport> f) {
        try {
            f.join();
            return false;
        } catch (CompletionException e) {
            return e.getCause() instanceof DeepfakeException de && de.code() == ErrorCode.BUSY;
        }
    }

    @Test
    void theCallersExecutorRunsTheVideo() throws Exception {
        AtomicInteger n = new AtomicInteger();
        ExecutorService mine = Executors.newFixedThreadPool(2,
                r -> new Thread(r, "caller-pool-" + n.incrementAndGet()));
        Set<String> decodingThreads = ConcurrentHashMap.newKeySet();
        VideoProgress recordThread = new VideoProgress() {
            @Override
            public void frameDecoded(int index) {
                decodingThreads.add(Thread.currentThread().getName());
            }
        };
        try (DeepfakeDetector d = base(FaceBox.of(2, 2, 10, 10, 0.9)).build()) {
            List<CompletableFuture<VideoReport>> all = List.of(
                    d.analyzeAsync(VideoInput.of(Path.of("5-frames.mp4")), mine, recordThread),
                    d.analyzeAsync(VideoInput.of(Path.of("6-frames.mp4")), mine, recordThread));
            assertThat(all.get(0).get().frames()).hasSize(5);
            assertThat(all.get(1).get().frames()).hasSize(6);
        } finally {
            mine.shutdownNow();
        }
        assertThat(decodingThreads).isNotEmpty().allMatch(name -> name.startsWith("caller-pool-"));
    }

    @Test
    void anExecutorThatRejectsIsBusyAndGivesThePermitBack() throws Exception {
        try (DeepfakeDetector d = base().maxConcurrentVideos(1).maxQueuedVideos(0).build()) {
            CompletableFuture<VideoReport> rejected = d.analyzeAsync(VideoInput.of(Path.of("3-frames.mp4")), r -> {
                throw new java.util.concurrent.RejectedExecutionException("queue full");
            });
            assertThatThrownBy(rejected::join).cause().isInstanceOfSatisfying(DeepfakeException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
            assertThat(d.analyzeAsync(Path.of("3-frames.mp4")).join().frames()).hasSize(3);
        }
    }

    @Test
    void progressCountsMatchTheReport() throws Exception {
        AtomicInteger planned = new AtomicInteger();
        AtomicInteger decoded = new AtomicInteger();
        AtomicInteger located = new AtomicInteger();
        AtomicInteger faces = new AtomicInteger();
        AtomicInteger classified = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        VideoProgress counts = new VideoProgress() {
            @Override
            public void framesPlanned(int frames) {
                planned.addAndGet(frames);
            }

            @Override
            public void frameDecoded(int index) {
                decoded.incrementAndGet();
            }

            @Override
            public void frameLocated(int index, int n) {
                located.incrementAndGet();
                faces.addAndGet(n);
            }

            @Override
            public void facesClassified(int crops) {
                classified.addAndGet(crops);
            }

            @Override
            public void done() {
                assertThat(classified.get()).isEqualTo(faces.get()); // done comes last
                done.incrementAndGet();
            }
        };
        // two faces per frame; the sampler plans 10 frames but the video has 7
        try (DeepfakeDetector d = base(FaceBox.of(0, 0, 10, 10, 0.9), FaceBox.of(300, 0, 310, 10, 0.9)).build()) {
            VideoReport r = d.analyze(VideoInput.of(Path.of("7-frames.mp4")), counts);
            int reportFaces = r.frames().stream().mapToInt(f -> f.faces().size()).sum();
            assertThat(planned.get()).isEqualTo(7); // uniform(10) of a 7-frame video plans each frame once
            assertThat(decoded.get()).isEqualTo(located.get()).isEqualTo(r.frames().size()).isEqualTo(7);
            assertThat(faces.get()).isEqualTo(reportFaces).isEqualTo(14);
            assertThat(classified.get()).isEqualTo(14);
            assertThat(done.get()).isEqualTo(1);
        }
    }
}
