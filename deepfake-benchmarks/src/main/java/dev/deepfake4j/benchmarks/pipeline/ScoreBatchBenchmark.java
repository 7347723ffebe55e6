package dev.deepfake4j.benchmarks.pipeline;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.benchmarks.BenchmarkAssets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * End to end, a batch of videos per operation: {@code detector.analyzeAll} over the 9 labelled videos of the shared
 * assets (5 DFDC: four 1080p, one 720p; 4 FaceForensics++: three 480p, one 1080p) with every default, at most one
 * video per core in flight. The summary divides by 9 for the time per video.
 *
 * <p>Run alone: {@code java -jar deepfake-benchmarks/target/benchmarks.jar ScoreBatchBenchmark} from the repository
 * root, with the model variables of {@code deepfake-benchmarks/run-quick.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScoreBatchBenchmark {
    /** Videos per operation, for the summary's per-video column. */
    public static final int VIDEOS = 9;

    private DeepfakeDetector detector;
    private List<Path> videos;

    /**
     * Builds the default detector and lists the videos.
     *
     * @throws DeepfakeException when a default component cannot be loaded
     * @throws IOException when the asset folder cannot be listed
     */
    @Setup
    public void setUp() throws DeepfakeException, IOException {
        detector = DeepfakeDetector.builder().build();
        videos = BenchmarkAssets.labelledVideos();
        if (videos.size() != VIDEOS) {
            throw new IllegalStateException("expected " + VIDEOS + " labelled videos, found " + videos);
        }
    }

    /** Closes the detector. */
    @TearDown
    public void tearDown() {
        detector.close();
    }

    /**
     * @return one outcome per video
     * @throws DeepfakeException when the batch is cancelled
     */
    @Benchmark
    public List<VideoOutcome> analyzeAllLabelled() throws DeepfakeException {
        return detector.analyzeAll(videos);
    }
}
