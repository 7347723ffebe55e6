package dev.deepfake4j.benchmarks.pipeline;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DetectorBuilder;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.benchmarks.BenchmarkAssets;
import dev.deepfake4j.spi.DecodeOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * End to end, one video per operation in a warm JVM: {@code detector.analyze(clip)} with every default (32 uniform
 * frames, YuNet-s at 640, IoU tracking, 1.3× square crops, MesoNet-4, confident strategy), on the 1080p DFDC clip
 * lynaeydofd or the 720p one, with exact frames or fast mode ({@code --fast}). Issue 7's target: at most 0.45 s per 1080p clip on 2 cores (a Python pipeline doing
 * the same takes 1.2–1.45 s per clip on this machine, per DESIGN.md).
 *
 * <p>Run alone: {@code java -jar deepfake-benchmarks/target/benchmarks.jar ScoreVideoBenchmark} from the repository
 * root, with the model variables of {@code deepfake-benchmarks/run-quick.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScoreVideoBenchmark {

    /** Clip resolution. */
    @Param({"1080p", "720p"})
    public String resolution;

    /** EXACT: the 32 uniform frames themselves (the default); FAST: each moved to the nearest I/P frame. */
    @Param({"EXACT", "FAST"})
    public String frames;

    private DeepfakeDetector detector;
    private Path video;

    /**
     * Builds the default detector.
     *
     * @throws DeepfakeException when a default component cannot be loaded
     */
    @Setup
    public void setUp() throws DeepfakeException {
        DetectorBuilder b = DeepfakeDetector.builder();
        if (frames.equals("FAST")) {
            b.decodeOptions(DecodeOptions.builder().fastSeek(true).build());
        }
        detector = b.build();
        video = BenchmarkAssets.dfdcClip(resolution);
    }

    /** Closes the detector. */
    @TearDown
    public void tearDown() {
        detector.close();
    }

    /**
     * @return the report
     * @throws DeepfakeException when analysis fails
     */
    @Benchmark
    public VideoReport analyzeOneVideo() throws DeepfakeException {
        return detector.analyze(video);
    }
}
