package dev.deepfake4j.benchmarks.classify;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.benchmarks.BenchmarkAssets;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.models.FaceLocators;
import dev.deepfake4j.models.onnx.CudnnConvAlgoSearch;
import dev.deepfake4j.models.onnx.ExecutionProvider;
import dev.deepfake4j.models.onnx.OnnxClassifier;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import dev.deepfake4j.video.opencv.OpenCvFaceCropper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
 * Each classifier on a batch of 1, 8 or 32 real face crops (the face of the 1080p DFDC clip lynaeydofd, cropped
 * once at the model's input size and repeated): time per batch, preprocessing (uint8 → normalised float tensor)
 * included. The summary divides by the batch to give time per face. ONNX Runtime CPU with its default threads (one
 * per physical core).
 *
 * <p>Run alone: {@code java -jar deepfake-benchmarks/target/benchmarks.jar ClassifierBenchmark} from the repository
 * root, with the model variables of {@code deepfake-benchmarks/run-quick.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ClassifierBenchmark {

    /** Which model. */
    @Param({"MESONET4", "EFFICIENTNET_B0", "EFFICIENTNET_B4"})
    public BenchmarkModels model;

    /** Crops per session run. */
    @Param({"1", "8", "32"})
    public int batch;

    /**
     * Where ONNX Runtime runs: {@code CPU} here; the GPU suite ({@code run-quick.sh --gpu}, built with {@code -Pgpu})
     * adds {@code CUDA} and {@code TENSOR_RT_FP16}. Without the GPU build, a GPU value fails in setup with
     * {@code BACKEND_FAILURE} naming the {@code gpu} profile.
     */
    @Param({"CPU"})
    public String provider;

    private OnnxClassifier classifier;
    private List<FaceCrop> crops;

    /**
     * Opens the model and prepares the crops.
     *
     * @throws DeepfakeException when the model or the clip cannot be opened
     */
    @Setup
    public void setUp() throws DeepfakeException {
        classifier = model.open(sessionOptions(provider), batch);
        crops = Collections.nCopies(batch, realCrop(classifier));
    }

    /**
     * @param provider {@code CPU}, {@code CUDA} or {@code TENSOR_RT_FP16}
     * @return session options for it; no CPU fallback, so a missing GPU is an error rather than a CPU figure
     */
    public static OnnxSessionOptions sessionOptions(String provider) {
        return switch (provider) {
            case "CPU" -> OnnxSessionOptions.defaults();
            case "CUDA" -> OnnxSessionOptions.builder().executionProvider(ExecutionProvider.CUDA)
                    .cudnnConvAlgoSearch(CudnnConvAlgoSearch.EXHAUSTIVE).build();
            case "TENSOR_RT_FP16" -> OnnxSessionOptions.builder().executionProvider(ExecutionProvider.TENSOR_RT)
                    .tensorRtFp16(true).tensorRtEngineCache(Path.of("deepfake-benchmarks/target/trt-engines")).build();
            default -> throw new IllegalArgumentException("unknown provider '" + provider
                    + "'; use CPU, CUDA or TENSOR_RT_FP16");
        };
    }

    /**
     * @param classifier the classifier the crop is for
     * @return the face of the 1080p DFDC clip at 1 s, cropped for that classifier's input
     * @throws DeepfakeException when decoding, location or cropping fails
     */
    public static FaceCrop realCrop(OnnxClassifier classifier) throws DeepfakeException {
        Frame frame = BenchmarkAssets.frameOf(BenchmarkAssets.dfdcClip("1080p"), 1.0);
        try (FaceLocator yunet = FaceLocators.yunet()) {
            List<FaceBox> faces = new ArrayList<>(yunet.locate(frame));
            if (faces.isEmpty()) {
                throw new IllegalStateException("YuNet found no face in " + frame);
            }
            return new OpenCvFaceCropper().crop(frame, faces.get(0), CropPolicy.DEFAULT, classifier.inputSpec());
        }
    }

    /** Closes the classifier. */
    @TearDown
    public void tearDown() {
        classifier.close();
    }

    /**
     * @return P(fake) per crop
     * @throws DeepfakeException when inference fails
     */
    @Benchmark
    public float[] classifyBatch() throws DeepfakeException {
        return classifier.classify(crops);
    }
}
