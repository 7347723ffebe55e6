package dev.deepfake4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Small fakes shared by the stage tests. Numbers are chosen so that expected values can be worked out by hand. */
final class StageFakes {
    static final Path VIDEO = Path.of("videos", "clip-7.mp4");
    /** An upper bound on waits for other threads, so a broken stage fails the test instead of hanging it. */
    static final long WAIT_S = 10;

    private StageFakes() {
    }

    /** @return an owned 4x4 BGR frame whose every byte is {@code value}, at pts index / 10 */
    static Frame frame(int index, int value) {
        byte[] px = new byte[4 * 4 * 3];
        Arrays.fill(px, (byte) value);
        return Frame.owned(index, index / 10.0, 4, 4, PixelFormat.BGR24, px);
    }

    /** @return the face numbered {@code i}: a 10x10 box whose left edge is at 100 i */
    static FaceBox box(int i) {
        return FaceBox.of(100 * i, 0, 100 * i + 10, 10, 0.9);
    }

    /** @return the number of a face made by {@link #box} */
    static int faceNumber(FaceBox box) {
        return (int) (box.x1() / 100);
    }

    static InputSpec spec(int size) {
        return InputSpec.builder(size, size).build();
    }

    static FaceCrop crop(int frameIndex, FaceBox box, InputSpec spec) {
        return new FaceCrop(frameIndex, frameIndex / 10.0, box, spec.width(), spec.height(), spec.channels(),
                new byte[spec.width() * spec.height() * 3]);
    }

    /** @return a sampled frame with faces {@code box(0) .. box(faces - 1)} */
    static SampledFrame sampled(int index, int faces) {
        List<FaceBox> boxes = new ArrayList<>();
        for (int i = 0; i < faces; i++) {
            boxes.add(box(i));
        }
        return new SampledFrame(index, index / 10.0, boxes, null);
    }

    static VideoDeadline unlimited() {
        return new VideoDeadline(VIDEO, Duration.ZERO, System.nanoTime());
    }

    /** @return a deadline of one second that began an hour ago */
    static VideoDeadline expired() {
        return new VideoDeadline(VIDEO, Duration.ofSeconds(1), System.nanoTime() - TimeUnit.HOURS.toNanos(1));
    }

    static void awaitLatch(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(WAIT_S, TimeUnit.SECONDS)).as("waited for another thread").isTrue();
    }

    /** What a fake classifier does with one batch. */
    @FunctionalInterface
    interface Scorer {
        float[] score(List<FaceCrop> crops) throws DeepfakeException;
    }

    /** A classifier that records every batch it is given and scores it with a {@link Scorer}. */
    static final class FakeClassifier implements Classifier {
        final InputSpec spec;
        final int maxBatch;
        final Scorer scorer;
        final List<List<FaceCrop>> batches = new ArrayList<>();

        FakeClassifier(InputSpec spec, int maxBatch, Scorer scorer) {
            this.spec = spec;
            this.maxBatch = maxBatch;
            this.scorer = scorer;
        }

        /** A classifier for grouping only: it is never asked to classify. */
        FakeClassifier(InputSpec spec) {
            this(spec, 32, crops -> {
                throw new AssertionError("not expected to classify");
            });
        }

        @Override
        public InputSpec inputSpec() {
            return spec;
        }

        @Override
        public String name() {
            return "fake-" + spec.width();
        }

        @Override
        public int maxBatchSize() {
            return maxBatch;
        }

        @Override
        public float[] classify(List<FaceCrop> crops) throws DeepfakeException {
            synchronized (batches) {
                batches.add(List.copyOf(crops));
            }
            return scorer.score(crops);
        }

        List<Integer> batchSizes() {
            synchronized (batches) {
                return batches.stream().map(List::size).toList();
            }
        }
    }

    /** Runs every task on the submitting thread, so a batch is scored the moment it is submitted. */
    static final class InlineExecutor extends AbstractExecutorService {
        private boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return shutdown;
        }
    }
}
