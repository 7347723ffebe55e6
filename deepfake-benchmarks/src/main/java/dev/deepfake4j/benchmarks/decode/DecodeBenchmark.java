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
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one whole DFDC clip, open to close, the three ways the detector can: every frame ({@code FULL}: what
 * {@code ffmpeg -i clip -f null -} does, plus the conversion to BGR of each frame), 32 uniformly spaced frames
 * ({@code UNIFORM32}: the default sampler, decoding only what those frames depend on), and {@code FAST}: the same 32
 * samples moved to the nearest frame decodable without B-frames. Decoder threads: all cores (the default).
 *
 * <p>Run alone: {@code java -jar deepfake-benchmarks/target/benchmarks.jar DecodeBenchmark} from the repository
 * root (see {@code deepfake-benchmarks/run-quick.sh} for the environment). The FFmpeg command-line baseline is
 * measured by {@code deepfake-benchmarks/ffmpeg-cli-baseline.sh} in the same suite run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecodeBenchmark {

    /** How much of the clip is decoded. */
    public enum DecodeMode {
        /** Every frame, each converted to BGR. */
        FULL,
        /** {@code FrameSampler.uniform(32)}, exact frames. */
        UNIFORM32,
        /** {@code uniform(32)} with {@code fastSeek}: I/P frames only. */
        FAST
    }

    /** Clip resolution: {@code 1080p} (lynaeydofd) or {@code 720p} (yhffcuhhjy). */
    @Param({"1080p", "720p"})
    public String resolution;

    /** Decode mode. */
    @Param({"FULL", "UNIFORM32", "FAST"})
    public DecodeMode mode;

    /** Where to decode: {@code NONE} (CPU) here; the GPU suite adds {@code CUDA} (NVDEC). */
    @Param({"NONE"})
    public DecodeOptions.HardwareDecoding hardware;

    private Path video;
    private FfmpegVideoDecoder decoder;
    private DecodeOptions options;
    private FrameSampler sampler;

    /** Resolves the clip and the options of the mode. */
    @Setup
    public void setUp() {
        video = BenchmarkAssets.dfdcClip(resolution);
        decoder = new FfmpegVideoDecoder();
        options = DecodeOptions.builder().fastSeek(mode == DecodeMode.FAST).hardwareDecoding(hardware).build();
        sampler = mode == DecodeMode.FULL ? FrameSampler.everyNth(1) : FrameSampler.uniform(32);
    }

    /**
     * @param bh receives each frame's index and one pixel, so no conversion can be optimised away
     * @return frames delivered
     * @throws DeepfakeException when decoding fails
     */
    @Benchmark
    public int decodeClip(Blackhole bh) throws DeepfakeException {
        try (VideoSource source = decoder.open(video, options)) {
            return source.decode(sampler.plan(source.info()), frame -> {
                bh.consume(frame.index());
                bh.consume(frame.pixels().get(0));
            });
        }
    }
}
