package dev.deepfake4j;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one detector owns: videos of a batch ({@code maxConcurrentVideos}), face location beside each
 * decoder (as many, since each video in flight locates on one), and classifier batches. All daemon threads, all
 * stopped by {@link #shutdownNow()}.
 */
final class DetectorThreads {
    private final ThreadPoolExecutor videos;
    private final ExecutorService locate;
    private final ExecutorService classify;

    DetectorThreads(int maxConcurrentVideos, int classifierThreads) {
        videos = new ThreadPoolExecutor(maxConcurrentVideos, maxConcurrentVideos, 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("deepfake4j-video-"));
        locate = Executors.newFixedThreadPool(maxConcurrentVideos, daemonThreads("deepfake4j-locate-"));
        classify = Executors.newFixedThreadPool(classifierThreads, daemonThreads("deepfake4j-classify-"));
    }

    ExecutorService videos() {
        return videos;
    }

    /** @return batch videos queued behind the running ones, at this moment */
    int queuedVideos() {
        return videos.getQueue().size();
    }

    ExecutorService locate() {
        return locate;
    }

    ExecutorService classify() {
        return classify;
    }

    /** Cancels queued batch videos (they then report themselves CANCELLED) and interrupts running ones. */
    void cancelVideos() {
        for (Runnable queued : videos.shutdownNow()) {
            if (queued instanceof Future<?> f) {
                f.cancel(false);
            }
        }
    }

    /** Stops every pool, interrupting what runs. */
    void shutdownNow() {
        cancelVideos();
        classify.shutdownNow();
        locate.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
