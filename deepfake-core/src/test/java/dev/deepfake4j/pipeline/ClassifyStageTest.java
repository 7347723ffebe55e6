package dev.deepfake4j.pipeline;

import static dev.deepfake4j.pipeline.StageFakes.VIDEO;
import static dev.deepfake4j.pipeline.StageFakes.awaitLatch;
import static dev.deepfake4j.pipeline.StageFakes.box;
import static dev.deepfake4j.pipeline.StageFakes.faceNumber;
import static dev.deepfake4j.pipeline.StageFakes.sampled;
import static dev.deepfake4j.pipeline.StageFakes.spec;
import static dev.deepfake4j.pipeline.StageFakes.unlimited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.pipeline.StageFakes.FakeClassifier;
import dev.deepfake4j.pipeline.StageFakes.InlineExecutor;
import dev.deepfake4j.pipeline.StageFakes.Scorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClassifyStageTest {
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
        Thread.interrupted(); // a test that interrupts itself leaves no flag behind
    }

    /** Score = crop width x 1000 + frame index x 10 + face number: which crop was scored, read back exactly. */
    private static final Scorer CODED = crops -> {
        float[] out = new float[crops.size()];
        for (int i = 0; i < out.length; i++) {
            FaceCrop c = crops.get(i);
            out[i] = c.width() * 1000 + c.frameIndex() * 10 + faceNumber(c.source());
        }
        return out;
    };

    /** @return the crops of a frame with {@code faces} faces, one list per group spec */
    private static List<List<FaceCrop>> cropsOf(int frameIndex, int faces, InputSpec... groupSpecs) {
        List<List<FaceCrop>> byGroup = new ArrayList<>();
        for (InputSpec spec : groupSpecs) {
            List<FaceCrop> ofGroup = new ArrayList<>();
            for (int i = 0; i < faces; i++) {
                ofGroup.add(StageFakes.crop(frameIndex, box(i), spec));
            }
            byGroup.add(ofGroup);
        }
        return byGroup;
    }

    private static ClassifyStage stage(ExecutorService executor, Classifier... classifiers) {
        List<Classifier> list = List.of(classifiers);
        return new ClassifyStage(VIDEO, list, new CropGroups(list), executor, new StageClock());
    }

    @Test
    void fullBatchesGoOutAsTheyFillAndFlushSendsThePartialOne() throws DeepfakeException {
        FakeClassifier c = new FakeClassifier(spec(8), 3, CODED);
        ClassifyStage stage = stage(new InlineExecutor(), c);
        stage.offer(0, cropsOf(0, 2, spec(8))); // 2 queued
        assertThat(c.batchSizes()).isEmpty();
        stage.offer(1, cropsOf(1, 2, spec(8))); // the 3rd crop fills a batch: [3], 1 queued
        assertThat(c.batchSizes()).containsExactly(3);
        stage.offer(2, cropsOf(2, 2, spec(8))); // 3 queued → [3, 3], none queued
        stage.offer(3, cropsOf(3, 2, spec(8))); // 2 queued
        assertThat(c.batchSizes()).containsExactly(3, 3);
        stage.flush(); // 8 crops = 3 + 3 + 2
        assertThat(c.batchSizes()).containsExactly(3, 3, 2);
        stage.flush(); // nothing left to send
        assertThat(c.batchSizes()).containsExactly(3, 3, 2);
    }

    @Test
    void aBatchSizeBelowOneIsTakenAsOne() {
        FakeClassifier c = new FakeClassifier(spec(8), 0, CODED);
        stage(new InlineExecutor(), c).offer(0, cropsOf(0, 3, spec(8)));
        assertThat(c.batchSizes()).containsExactly(1, 1, 1); // max(1, 0) = 1 crop per batch, 3 crops
    }

    @Test
    void scoresGoBackToTheirFrameAndFaceForEachClassifier() throws DeepfakeException {
        // classifier 0 reads 8x8 crops (group 0) in batches of 2; classifier 1 reads 4x4 crops (group 1) in 3s
        FakeClassifier big = new FakeClassifier(spec(8), 2, CODED);
        FakeClassifier small = new FakeClassifier(spec(4), 3, CODED);
        ClassifyStage stage = stage(pool, big, small);
        // frames at video indices 10, 11, 12 (ordinals 0, 1, 2) with 2, 1 and 2 faces
        List<SampledFrame> frames = List.of(sampled(10, 2), sampled(11, 1), sampled(12, 2));
        for (int f = 0; f < frames.size(); f++) {
            stage.offer(f, cropsOf(frames.get(f).index(), frames.get(f).faces().size(), spec(8), spec(4)));
        }
        stage.flush();
        FaceScores scores = stage.collect(frames, unlimited());
        assertThat(scores.classifiers()).isEqualTo(2);
        for (int f = 0; f < frames.size(); f++) {
            for (int i = 0; i < frames.get(f).faces().size(); i++) {
                int frameIndex = frames.get(f).index();
                // e.g. classifier 0, frame 12, face 1 → 8 x 1000 + 12 x 10 + 1 = 8121; classifier 1 → 4121
                assertThat(scores.of(0, f, i)).isEqualTo(8000 + frameIndex * 10 + i);
                assertThat(scores.of(1, f, i)).isEqualTo(4000 + frameIndex * 10 + i);
            }
        }
        // 5 faces: batches 2 + 2 + 1 and 3 + 2
        assertThat(big.batchSizes()).containsExactly(2, 2, 1);
        assertThat(small.batchSizes()).containsExactly(3, 2);
    }

    @Test
    void classifiersWithTheSameCropReadTheSameCrops() throws DeepfakeException {
        FakeClassifier a = new FakeClassifier(spec(8), 4, CODED);
        FakeClassifier b = new FakeClassifier(InputSpec.builder(8, 8).layout(InputSpec.Layout.NHWC).build(), 4, CODED);
        ClassifyStage stage = stage(new InlineExecutor(), a, b);
        List<List<FaceCrop>> crops = cropsOf(0, 2, spec(8)); // one group only
        stage.offer(0, crops);
        stage.flush();
        assertThat(a.batches).containsExactly(crops.get(0));
        assertThat(b.batches).containsExactly(crops.get(0));
        assertThat(a.batches.get(0).get(1)).isSameAs(b.batches.get(0).get(1));
    }

    private static void assertBackendFailure(ThrowingCallable call, Consumer<DeepfakeException> more) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DeepfakeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE);
            assertThat(e.path()).contains(VIDEO);
            assertThat(e.getMessage()).contains(VIDEO.toString());
            more.accept(e);
        });
    }

    @Test
    void tooFewScoresAreABackendFailureNamingTheVideo() {
        FakeClassifier c = new FakeClassifier(spec(8), 4, crops -> new float[crops.size() - 1]);
        ClassifyStage stage = stage(new InlineExecutor(), c);
        stage.offer(0, cropsOf(0, 3, spec(8)));
        stage.flush();
        // 3 crops, 2 scores
        assertBackendFailure(() -> stage.collect(List.of(sampled(0, 3)), unlimited()),
                e -> assertThat(e.getMessage()).contains("2 scores for 3 crops"));
    }

    @Test
    void aThrownRuntimeExceptionIsABackendFailureWithItAsCause() {
        IllegalStateException boom = new IllegalStateException("session closed");
        FakeClassifier c = new FakeClassifier(spec(8), 4, crops -> {
            throw boom;
        });
        ClassifyStage stage = stage(new InlineExecutor(), c);
        stage.offer(0, cropsOf(0, 1, spec(8)));
        stage.flush();
        assertBackendFailure(() -> stage.collect(List.of(sampled(0, 1)), unlimited()),
                e -> assertThat(e.getCause()).isSameAs(boom));
    }

    @Test
    void aClassifiersOwnDeepfakeExceptionPassesThrough() {
        DeepfakeException own = new DeepfakeException(ErrorCode.MODEL_INVALID, "bad output shape", VIDEO, null);
        FakeClassifier c = new FakeClassifier(spec(8), 4, crops -> {
            throw own;
        });
        ClassifyStage stage = stage(new InlineExecutor(), c);
        stage.offer(0, cropsOf(0, 1, spec(8)));
        stage.flush();
        assertThatThrownBy(() -> stage.collect(List.of(sampled(0, 1)), unlimited())).isSameAs(own);
    }

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);

    /** @return a stage whose one batch of one crop is running and blocks until interrupted */
    private ClassifyStage runningBatch() throws InterruptedException {
        FakeClassifier blocking = new FakeClassifier(spec(8), 1, crops -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return new float[crops.size()];
        });
        ClassifyStage stage = stage(pool, blocking);
        stage.offer(0, cropsOf(0, 1, spec(8))); // batch of 1: sent at once
        awaitLatch(started);
        return stage;
    }

    @Test
    void cancelInterruptsARunningBatchAndCollectReportsCancelled() throws InterruptedException {
        ClassifyStage stage = runningBatch();
        stage.cancel();
        awaitLatch(interrupted);
        assertThatThrownBy(() -> stage.collect(List.of(sampled(0, 1)), unlimited()))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    }

    @Test
    void aPassedDeadlineTimesOutAndCancelsTheRunningBatch() throws InterruptedException {
        ClassifyStage stage = runningBatch();
        assertThatThrownBy(() -> stage.collect(List.of(sampled(0, 1)), StageFakes.expired()))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
                    assertThat(e.getMessage()).startsWith("Timed out");
                });
        awaitLatch(interrupted);
    }

    @Test
    void anInterruptedCallerIsCancelledKeepsItsFlagAndCancelsTheBatches() throws InterruptedException {
        ClassifyStage stage = runningBatch();
        Thread.currentThread().interrupt();
        VideoDeadline hour = new VideoDeadline(VIDEO, Duration.ofHours(1), System.nanoTime());
        assertThatThrownBy(() -> stage.collect(List.of(sampled(0, 1)), hour))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(Thread.interrupted()).isTrue(); // and clears it for the next wait
        awaitLatch(interrupted);
    }
}
