package dev.deepfake4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * One call of {@link DeepfakeDetector#analyzeAll}: every video is a task on the detector's video pool, and each
 * outcome is handed to the caller's callback on the calling thread as soon as it is ready. A video that fails does
 * not stop the others; an interrupt of the caller, or a callback that throws, cancels the videos not yet done.
 */
final class BatchRun {
    /** Receives one outcome with the position of its video in the batch. */
    @FunctionalInterface
    interface Sink {
        void accept(int position, VideoOutcome outcome);
    }

    private final ExecutorService pool;
    private final Function<Path, VideoOutcome> scorer;

    /**
     * @param pool runs the videos; at most its size at a time
     * @param scorer scores one video, never throwing (failures become failed outcomes)
     */
    BatchRun(ExecutorService pool, Function<Path, VideoOutcome> scorer) {
        this.pool = pool;
        this.scorer = scorer;
    }

    /**
     * @param videos the videos, in the caller's order
     * @param sink called once per video, in completion order, on this thread
     * @throws DeepfakeException {@code CANCELLED} when this thread is interrupted; what the sink throws is rethrown
     *         after the remaining videos were cancelled
     */
    void run(List<Path> videos, Sink sink) throws DeepfakeException {
        // Each task puts itself on this queue when it ends in any way, cancelled included: a task that close()
        // drops before it ran still comes back (as CANCELLED), so the loop below can never wait for it forever.
        BlockingQueue<VideoTask> finished = new LinkedBlockingQueue<>();
        // No video starts before the whole batch is queued: the first ones then see how many follow when they share
        // the cores among decoders (pipeline.DecoderShare) instead of finding themselves alone.
        CountDownLatch queued = new CountDownLatch(1);
        List<VideoTask> tasks = new ArrayList<>(videos.size());
        for (int i = 0; i < videos.size(); i++) {
            Path video = Objects.requireNonNull(videos.get(i), "videos contains null");
            tasks.add(new VideoTask(i, video, finished, queued));
        }
        try {
            for (VideoTask task : tasks) {
                try {
                    pool.execute(task);
                } catch (RejectedExecutionException closing) {
                    task.cancel(false);
                }
            }
        } finally {
            queued.countDown();
        }
        boolean completed = false;
        try {
            for (int i = 0; i < tasks.size(); i++) {
                VideoTask done = finished.take();
                sink.accept(done.position, done.outcome());
            }
            completed = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeepfakeException.cancelled("scoring a batch of " + videos.size() + " videos");
        } finally {
            if (!completed) {
                tasks.forEach(t -> t.cancel(true));
            }
        }
    }

    /** One video of a batch; announces itself on {@code finished} when it completes, fails or is cancelled. */
    private final class VideoTask extends FutureTask<VideoOutcome> {
        private final int position;
        private final Path video;
        private final BlockingQueue<VideoTask> finished;

        VideoTask(int position, Path video, BlockingQueue<VideoTask> finished, CountDownLatch queued) {
            super(() -> {
                queued.await();
                return scorer.apply(video);
            });
            this.position = position;
            this.video = video;
            this.finished = finished;
        }

        @Override
        protected void done() {
            finished.add(this);
        }

        VideoOutcome outcome() throws InterruptedException {
            try {
                return get();
            } catch (CancellationException e) {
                return VideoOutcome.failure(video, new DeepfakeException(ErrorCode.CANCELLED, "Not scored: the "
                        + "batch was cancelled (detector closed or caller interrupted) before " + video + " was done",
                        video, e));
            } catch (ExecutionException e) {
                // the scorer turns every exception into an outcome; only an Error gets here
                return VideoOutcome.failure(video, new DeepfakeException(ErrorCode.BACKEND_FAILURE,
                        "Unexpected failure scoring " + video + ": " + e.getCause(), video, e.getCause()));
            }
        }
    }
}
