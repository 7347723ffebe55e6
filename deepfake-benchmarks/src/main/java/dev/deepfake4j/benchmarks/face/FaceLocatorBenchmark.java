package dev.deepfake4j.benchmarks.face;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.benchmarks.BenchmarkAssets;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.models.FaceLocators;
import java.util.List;
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
 * Each face locator on one real DFDC frame (frame at 1 s of the 1080p clip lynaeydofd, or of the 720p clip
 * yhffcuhhjy), with the settings the detector uses: YuNet-s at a 640-pixel working size (the default), the OpenCV
 * Haar and LBP cascades, UltraFace RFB-320, and BlazeFace front (128), each made by {@code FaceLocators.byName}
 * (models through the registry). Time per frame, boxes mapped back to the frame included.
 *
 * <p>Run alone: {@code java -jar deepfake-benchmarks/target/benchmarks.jar FaceLocatorBenchmark} from the repository
 * root, with the model variables of {@code deepfake-benchmarks/run-quick.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FaceLocatorBenchmark {

    /** Locator name. */
    @Param({"yunet", "haar", "lbp", "ultraface", "blazeface"})
    public String locator;

    /** Frame resolution: {@code 1080p} (1920×1080) or {@code 720p} (720×1280). */
    @Param({"1080p", "720p"})
    public String resolution;

    private FaceLocator faceLocator;
    private Frame frame;

    /**
     * Opens the locator and decodes the frame.
     *
     * @throws DeepfakeException when a model or the clip cannot be opened
     */
    @Setup
    public void setUp() throws DeepfakeException {
        frame = BenchmarkAssets.frameOf(BenchmarkAssets.dfdcClip(resolution), 1.0);
        faceLocator = FaceLocators.byName(locator);
    }

    /** Closes the locator. */
    @TearDown
    public void tearDown() {
        faceLocator.close();
    }

    /**
     * @return the faces found
     * @throws DeepfakeException when the backend fails
     */
    @Benchmark
    public List<FaceBox> locate() throws DeepfakeException {
        return faceLocator.locate(frame);
    }
}
