package dev.deepfake4j.examples;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.sampling.FrameSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Scores every file of a folder concurrently — at most {@code threads} videos in flight — and handles each result
 * as soon as it is ready. A file that is not a video is reported with its error code; the others still score.
 *
 * <pre>{@code java -cp ... dev.deepfake4j.examples.ScoreFolder videos/ 2}</pre>
 */
public final class ScoreFolder {
    private ScoreFolder() {
    }

    /**
     * @param folder the folder (not recursive)
     * @param threads videos scored at once
     * @param onResult receives each outcome on the calling thread, in completion order
     * @return all outcomes, in completion order
     * @throws IOException when the folder cannot be listed
     * @throws DeepfakeException when the detector cannot be built or the thread is interrupted
     */
    public static List<VideoOutcome> run(Path folder, int threads, Consumer<VideoOutcome> onResult)
            throws IOException, DeepfakeException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        List<VideoOutcome> all = new ArrayList<>();
        try (DeepfakeDetector detector = DeepfakeDetector.builder().sampler(FrameSampler.uniform(16))
                .maxConcurrentVideos(threads).build()) {
            detector.analyzeAll(files, outcome -> {
                all.add(outcome);
                onResult.accept(outcome);
            });
        }
        return all;
    }

    /**
     * @param args a folder, and optionally the number of videos to score at once (default 2)
     * @throws Exception when the folder cannot be scored
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ScoreFolder FOLDER [THREADS]");
            System.exit(2);
        }
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        run(Path.of(args[0]), threads, o -> System.out.println(o.report()
                .map(r -> String.format(Locale.ROOT, "%.4f  %s  %s", r.pFake(), r.label(), r.path()))
                .orElseGet(() -> "error   " + o.error().orElseThrow().code() + "  " + o.path())));
    }
}
