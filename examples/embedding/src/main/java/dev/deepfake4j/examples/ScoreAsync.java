package dev.deepfake4j.examples;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.VideoReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Scores several videos with {@code analyzeAsync} on the application's own {@link ExecutorService}: every call
 * returns a future at once, the videos run on the application's threads, and the results are joined at the end.
 * The detector holds at most {@code maxConcurrentVideos + maxQueuedVideos} asynchronous videos; beyond that a
 * future fails at once with {@code ErrorCode.BUSY}, so this example sizes both to the number of its threads.
 *
 * <pre>{@code java -cp ... dev.deepfake4j.examples.ScoreAsync a.mp4 b.mp4 c.mp4}</pre>
 */
public final class ScoreAsync {
    private ScoreAsync() {
    }

    /**
     * @param videos the video files
     * @param threads the application's threads for videos
     * @return each video's report, in the order given
     * @throws DeepfakeException the first video that failed (with its error code and name)
     */
    public static Map<Path, VideoReport> run(List<Path> videos, int threads) throws DeepfakeException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (DeepfakeDetector detector = DeepfakeDetector.builder().maxConcurrentVideos(threads)
                .maxQueuedVideos(Math.max(0, videos.size() - threads)).build()) {
            List<CompletableFuture<VideoReport>> futures = new ArrayList<>();
            for (Path video : videos) {
                futures.add(detector.analyzeAsync(VideoInput.of(video), pool));
            }
            Map<Path, VideoReport> reports = new LinkedHashMap<>();
            for (int i = 0; i < videos.size(); i++) {
                try {
                    reports.put(videos.get(i), futures.get(i).join());
                } catch (CompletionException e) {
                    futures.forEach(f -> f.cancel(true));
                    if (e.getCause() instanceof DeepfakeException de) {
                        throw de;
                    }
                    throw e;
                }
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * @param args the video files
     * @throws DeepfakeException when a video cannot be scored
     */
    public static void main(String[] args) throws DeepfakeException {
        if (args.length < 1) {
            System.err.println("usage: ScoreAsync VIDEO...");
            System.exit(2);
        }
        List<Path> videos = new ArrayList<>();
        for (String a : args) {
            videos.add(Path.of(a));
        }
        run(videos, 2).forEach((path, r) -> System.out.printf(Locale.ROOT, "%.4f  %s  %s%n", r.pFake(), r.label(),
                path));
    }
}
