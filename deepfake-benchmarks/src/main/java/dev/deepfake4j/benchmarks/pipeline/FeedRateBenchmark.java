package dev.deepfake4j.benchmarks.pipeline;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.benchmarks.BenchmarkAssets;
import dev.deepfake4j.benchmarks.face.CropBenchmark;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.FaceTracker;
import dev.deepfake4j.models.FaceLocators;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.video.ffmpeg.FfmpegVideoDecoder;
import dev.deepfake4j.video.opencv.OpenCvFaceCropper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The feed rate: classifier-ready face crops per second that decoding, face location and cropping produce from
 * real 1080p video, without classification — how fast the CPU side can feed a GPU. Each operation opens the 1080p
 * DFDC clip lynaeydofd, decodes 32 uniformly spaced frames (exact, or {@code FAST}: moved to I/P frames), locates
 * faces with YuNet-s (640), keeps the prominent ones as the detector does, and crops each to MesoNet's 256×256 or
 * the DFDC winners' 380×380 letterbox. The {@code crops} counter is crops per second over the whole machine; the
 * summary divides it by the cores to give crops per second per core. For scale: a GPU runs EfficientNet-B4 at 380
 * px at over 1,000 crops/s (an RTX 4090 ~1,100/s with mixed precision), so this figure says how many CPU cores it
 * takes to keep such a GPU busy.
 *
 * <p>Run alone: {@code java -jar deepfake-benchmarks/target/benchmarks.jar FeedRateBenchmark} from the repository
 * root, with the model variables of {@code deepfake-benchmarks/run-quick.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FeedRateBenchmark {

    /** Exact uniform frames or fast mode. */
    @Param({"UNIFORM32", "FAST32"})
    public String frames;

    /** Crop target. */
    @Param({"STRETCH_256", "LETTERBOX_380"})
    public CropBenchmark.Target target;

    /** Where to decode: {@code NONE} (CPU) here; the GPU suite adds {@code CUDA} (NVDEC). */
    @Param({"NONE"})
    public DecodeOptions.HardwareDecoding hardware;

    /** Counts what each operation produced; JMH reports them per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Produced {
        /** Face crops made. */
        public long crops;
        /** Frames decoded and searched. */
        public long frames;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            crops = 0;
            frames = 0;
        }
    }

    private Path video;
    private final FfmpegVideoDecoder decoder = new FfmpegVideoDecoder();
    private final OpenCvFaceCropper cropper = new OpenCvFaceCropper();
    private final FaceTracker tracker = FaceTracker.defaults();
    private DecodeOptions options;
    private FaceLocator locator;
    private InputSpec spec;

    /**
     * Opens YuNet and resolves the clip.
     *
     * @throws DeepfakeException when YuNet cannot be loaded
     */
    @Setup
    public void setUp() throws DeepfakeException {
        video = BenchmarkAssets.dfdcClip("1080p");
        options = DecodeOptions.builder().fastSeek(frames.equals("FAST32")).hardwareDecoding(hardware).build();
        locator = FaceLocators.yunet();
        spec = CropBenchmark.specFor(target);
    }

    /** Closes YuNet. */
    @TearDown
    public void tearDown() {
        locator.close();
    }

    /**
     * @param produced counters
     * @param bh receives each crop
     * @throws DeepfakeException when a stage fails
     */
    @Benchmark
    public void decodeLocateCrop(Produced produced, Blackhole bh) throws DeepfakeException {
        try (VideoSource source = decoder.open(video, options)) {
            source.decode(FrameSampler.uniform(32).plan(source.info()), frame -> {
                List<FaceBox> faces = tracker.selectFaces(locator.locate(frame));
                for (FaceBox face : faces) {
                    bh.consume(cropper.crop(frame, face, CropPolicy.DEFAULT, spec));
                    produced.crops++;
                }
                produced.frames++;
            });
        }
    }
}
