package dev.deepfake4j.benchmarks.classify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.models.onnx.OnnxClassifier;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
 * What our classifier adds to ONNX Runtime: {@code classifierPath} is {@link OnnxClassifier#classify} on a batch of
 * real 8-bit crops (uint8 → normalised float written into the reused direct buffer, session run, output read as
 * P(fake)); {@code ortRunOnly} is a bare {@code OrtSession.run} of the same model, same options, on a tensor made
 * once in advance. The difference is our overhead; the summary gives the ratio.
 *
 * <p>Run alone: {@code java -jar deepfake-benchmarks/target/benchmarks.jar PreprocessingOverheadBenchmark} from the
 * repository root, with the model variables of {@code deepfake-benchmarks/run-quick.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PreprocessingOverheadBenchmark {

    /** Which model. */
    @Param({"MESONET4", "EFFICIENTNET_B0"})
    public BenchmarkModels model;

    /** Crops per session run. */
    @Param({"1", "32"})
    public int batch;

    private OnnxClassifier classifier;
    private List<FaceCrop> crops;
    private OrtSession session;
    private OnnxTensor premade;
    private String inputName;

    /**
     * Opens the classifier and a bare session of the same model, and makes the tensor.
     *
     * @throws DeepfakeException when the model cannot be opened
     * @throws OrtException when the bare session or the tensor cannot be made
     */
    @Setup
    public void setUp() throws DeepfakeException, OrtException {
        classifier = model.open(OnnxSessionOptions.defaults(), batch);
        crops = Collections.nCopies(batch, ClassifierBenchmark.realCrop(classifier));
        // a bare session with the classifier's default options (no spinning; ONNX Runtime's defaults otherwise)
        try (OrtSession.SessionOptions bare = new OrtSession.SessionOptions()) {
            bare.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = OrtEnvironment.getEnvironment().createSession(model.modelFile().toString(), bare);
        }
        inputName = model.manifest().inputName();
        InputSpec spec = classifier.inputSpec();
        int elements = batch * 3 * spec.width() * spec.height();
        FloatBuffer values = ByteBuffer.allocateDirect(4 * elements).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < elements; i++) {
            values.put(i, (i % 255) / 255f);
        }
        long[] shape = spec.layout() == InputSpec.Layout.NCHW
                ? new long[] {batch, 3, spec.height(), spec.width()}
                : new long[] {batch, spec.height(), spec.width(), 3};
        premade = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), values, shape);
    }

    /** Frees the tensor, the session and the classifier. */
    @TearDown
    public void tearDown() throws OrtException {
        premade.close();
        session.close();
        classifier.close();
    }

    /**
     * @return P(fake) per crop
     * @throws DeepfakeException when inference fails
     */
    @Benchmark
    public float[] classifierPath() throws DeepfakeException {
        return classifier.classify(crops);
    }

    /**
     * @return the first output value
     * @throws OrtException when inference fails
     */
    @Benchmark
    public float ortRunOnly() throws OrtException {
        try (OrtSession.Result result = session.run(Map.of(inputName, premade))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
        }
    }
}
