package dev.deepfake4j.benchmarks.face;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.benchmarks.BenchmarkAssets;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.models.FaceLocators;
import dev.deepfake4j.video.opencv.OpenCvFaceCropper;
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

/**
 * Cropping one face out of a 1080p DFDC frame (the face YuNet finds at 1 s of lynaeydofd) with the default policy
 * (square, 1.3× the box) and resizing it to a classifier's input: {@code STRETCH_256} is MesoNet-4's 256×256 RGB
 * input (nearest neighbour), {@code LETTERBOX_380} the DFDC 1st place's EfficientNet-B4/B7 input (isotropic resize
 * to 380 with area/cubic interpolation, centred on zero padding). Time per face.
 *
 * <p>Run alone: {@code java -jar deepfake-benchmarks/target/benchmarks.jar CropBenchmark} from the repository root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CropBenchmark {

    /** The classifier input the crop is made for. */
    public enum Target {
        /** 256×256, plain resize, nearest neighbour (MesoNet-4). */
        STRETCH_256,
        /** 380×380, isotropic resize plus centre padding, area/cubic (DFDC 1st place, EfficientNet-B4). */
        LETTERBOX_380
    }

    /** Crop target. */
    @Param({"STRETCH_256", "LETTERBOX_380"})
    public Target target;

    private final OpenCvFaceCropper cropper = new OpenCvFaceCropper();
    private Frame frame;
    private FaceBox face;
    private InputSpec spec;

    /**
     * Decodes the frame and finds its face once.
     *
     * @throws DeepfakeException when the clip or YuNet cannot be opened
     */
    @Setup
    public void setUp() throws DeepfakeException {
        frame = BenchmarkAssets.frameOf(BenchmarkAssets.dfdcClip("1080p"), 1.0);
        try (FaceLocator yunet = FaceLocators.yunet()) {
            List<FaceBox> faces = yunet.locate(frame);
            if (faces.isEmpty()) {
                throw new IllegalStateException("YuNet found no face in " + frame);
            }
            face = faces.get(0);
        }
        spec = specFor(target);
    }

    /**
     * @param target a crop target
     * @return the input spec of that target
     */
    public static InputSpec specFor(Target target) {
        return switch (target) {
            case STRETCH_256 -> InputSpec.builder(256, 256).channels(PixelFormat.RGB24)
                    .interpolation(InputSpec.Interpolation.NEAREST).build();
            case LETTERBOX_380 -> InputSpec.builder(380, 380).channels(PixelFormat.RGB24)
                    .resize(InputSpec.Resize.LETTERBOX).interpolation(InputSpec.Interpolation.AREA_OR_CUBIC).build();
        };
    }

    /**
     * @return the crop
     * @throws DeepfakeException when OpenCV fails
     */
    @Benchmark
    public FaceCrop cropAndResize() throws DeepfakeException {
        return cropper.crop(frame, face, CropPolicy.DEFAULT, spec);
    }
}
