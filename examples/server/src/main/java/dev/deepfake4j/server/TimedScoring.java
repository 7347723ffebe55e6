package dev.deepfake4j.server;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.DetectorClosedException;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.WindowOptions;
import dev.deepfake4j.WindowReport;
import dev.deepfake4j.WindowedReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores uploads on the service's scoring pool within each request's deadline: a request that waits past it for a
 * slot gives up, and a video scored past it is interrupted and waited for, so its file is deleted only once no one
 * reads it. Thread-safe; the pool and the detector belong to the server.
 */
final class TimedScoring {
    private static final Logger LOG = LoggerFactory.getLogger(TimedScoring.class);
    /** How long a timed-out request waits for its interrupted scoring to stop before it deletes the file anyway. */
    private static final long CANCEL_GRACE_MS = 5_000;

    private final DeepfakeDetector detector;
    private final ExecutorService scoring;
    private final ServerOptions options;
    private final ServiceMetrics metrics;

    TimedScoring(DeepfakeDetector detector, ExecutorService scoring, ServerOptions options, ServiceMetrics metrics) {
        this.detector = detector;
        this.scoring = scoring;
        this.options = options;
        this.metrics = metrics;
    }

    /** One scoring of an upload's file, run on the scoring pool. */
    @FunctionalInterface
    interface Job<T> {
        T run() throws DeepfakeException;
    }

    /** A video scored window by window: the summary and every window's report, in order. */
    record Windowed(WindowedReport summary, List<WindowReport> windows) {
    }

    /**
     * Scores on the scoring pool within the deadline. A video that runs past it is interrupted (the detector then
     * stops with {@code CANCELLED}) and waited for, so its file is deleted only once no one reads it.
     */
    VideoReport analyzeWithin(Path video, long deadline) throws DeepfakeException, HttpError {
        return within(deadline, () -> analyze(video));
    }

    /** As {@link #analyzeWithin}, window by window ({@link DeepfakeDetector#analyzeWindows}). */
    Windowed analyzeWindowsWithin(Path video, WindowOptions windows, long deadline) throws DeepfakeException,
            HttpError {
        return within(deadline, () -> {
            List<WindowReport> reports = new ArrayList<>();
            WindowedReport summary = detector.analyzeWindows(VideoInput.of(video), windows, reports::add);
            return new Windowed(summary, reports);
        });
    }

    private <T> T within(long deadline, Job<T> job) throws DeepfakeException, HttpError {
        AtomicBoolean started = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Future<T> future;
        try {
            future = scoring.submit(() -> {
                if (!started.compareAndSet(false, true)) {
                    return null; // the request gave up before a slot was free
                }
                long t0 = System.nanoTime();
                try {
                    return job.run();
                } finally {
                    metrics.scored(System.nanoTime() - t0);
                    finished.countDown();
                }
            });
        } catch (RejectedExecutionException e) {
            throw shuttingDown();
        }
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String limit = options.requestTimeout().toMillis() + " ms";
            if (started.compareAndSet(false, true)) {
                future.cancel(false);
                throw new HttpError(504, "TIMEOUT", "No scoring slot was free within " + limit);
            }
            future.cancel(true);
            awaitQuietly(finished);
            throw new HttpError(504, "TIMEOUT", "Scoring took longer than " + limit + " and was stopped");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DeepfakeException de) {
                throw de;
            }
            if (cause instanceof DetectorClosedException) {
                throw shuttingDown();
            }
            LOG.warn("Scoring failed unexpectedly", cause);
            throw new HttpError(500, "INTERNAL", "Scoring failed: " + cause);
        } catch (InterruptedException e) {
            // Jetty interrupts its threads when the server stops.
            started.set(true);
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw shuttingDown();
        }
    }

    /**
     * The one place an upload becomes a detector input. The upload is a file on purpose: it is already on disk,
     * bounded and counted, and a multipart body had to be parsed into one; the detector reads it in place.
     */
    private VideoReport analyze(Path video) throws DeepfakeException {
        return detector.analyze(video);
    }

    static HttpError shuttingDown() {
        return new HttpError(503, "SHUTTING_DOWN", "The service is stopping");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(CANCEL_GRACE_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("An interrupted scoring did not stop within {} ms", CANCEL_GRACE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
