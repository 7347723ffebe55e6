package dev.deepfake4j.benchmarks.decode;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.benchmarks.BenchmarkAssets;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.video.ffmpeg.FfmpegVideoDecoder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time to the first frame in a fresh JVM (issue 3): one single shot per forked JVM of opening the clip and decoding
 * its first frame, with the loading of the FFmpeg natives (Bytedeco's extraction and {@code System.load}) included —
 * nothing in this class touches FFmpeg before the measured call. JVM start itself is not included.
 *
 * <p>It must run with no warm-up and one measurement per fork, which {@code run-quick.sh} does in a separate JMH
 * invocation: {@code java -jar deepfake-benchmarks/target/benchmarks.jar FirstFrameBenchmark -bm ss -wi 0 -i 1 -f 5}
 * from the repository root. (The suite's other invocation excludes this class.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class FirstFrameBenchmark {

    /** Clip resolution. */
    @Param({"1080p"})
    public String resolution;

    private Path video;

    /** Resolves the clip (a path only: no native code yet). */
    @Setup
    public void setUp() {
        video = BenchmarkAssets.dfdcClip(resolution);
    }

    /**
     * @param bh receives the frame's first byte
     * @return frames delivered (1)
     * @throws DeepfakeException when decoding fails
     */
    @Benchmark
    public int openAndDecodeFirstFrame(Blackhole bh) throws DeepfakeException {
        try (VideoSource source = new FfmpegVideoDecoder().open(video, DecodeOptions.defaults())) {
            return source.decode(FrameSampler.at(0).plan(source.info()), f -> bh.consume(f.pixels().get(0)));
        }
    }
}
