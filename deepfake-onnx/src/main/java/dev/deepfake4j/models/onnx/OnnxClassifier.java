package dev.deepfake4j.models.onnx;

import static dev.deepfake4j.internal.Checks.checkArgument;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.calibrate.Calibration;
import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.explain.OwnMapClassifier;
import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.OutputKind;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Classifier} running an ONNX model with ONNX Runtime, read as its {@link ModelManifest} says.
 *
 * <p><b>Threads.</b> One instance holds one ONNX Runtime session, shared by all threads: {@link #classify} may be
 * called concurrently. Each thread writes its crops into its own direct, native-order buffer (kept per thread and
 * grown to the largest batch it has seen: {@code batch × width × height × 3} elements), which ONNX Runtime reads
 * without copying.
 *
 * <p><b>Ownership.</b> The classifier owns its session and frees it in {@link #close()}, which waits for calls in
 * flight, is idempotent, and makes later calls fail with {@link IllegalStateException}. {@link #close()} also drops
 * every thread's buffers, not only the closing thread's; they are ordinary Java direct buffers, returned to the
 * system by the garbage collector.
 *
 * <p><b>Preprocessing.</b> Each 8-bit sample becomes {@code (v * scale - mean[c]) / std[c]}, written straight to
 * its place in the NCHW or NHWC tensor; crops in the other colour order than the model's are swapped on the fly. The
 * tensor element type (float32 or float16) is the model's.
 *
 * <p><b>Output.</b> The value at {@code output.index} on the output's last axis, made a probability as
 * {@link OutputKind} says; with {@code "positive": "real"} the classifier reports {@code 1 - p}. Reported values are
 * probabilities of <em>fake</em> in [0, 1].
 *
 * <p><b>Own maps.</b> When the manifest names an attention output ({@code output.attention}), {@link #ownMaps}
 * returns it per crop (see {@link OwnMapClassifier}); otherwise {@link #hasOwnMaps()} is false.
 */
public final class OnnxClassifier implements OwnMapClassifier {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxClassifier.class);
    /** The batch the DFDC pipelines ran on one GPU: the default on a GPU provider. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    /**
     * The default on the CPU provider: one crop per run. On a CPU a batch buys no arithmetic, and the activations of
     * one crop stay in the core's cache where those of several do not: MesoNet-4 at 256×256 on one thread took
     * 2.9 ms a crop one at a time against 3.7 ms in batches of 8, with the same scores (docs/benchmarks.md). ONNX
     * Runtime's arena also keeps only one crop's activations instead of a batch's for the process's life.
     */
    public static final int CPU_DEFAULT_MAX_BATCH_SIZE = 1;

    private final String name;
    private final String modelDescription;
    private final ModelManifest manifest;
    private final InputSpec spec;
    private final OrtSession session;
    private final OrtEnvironment env;
    private final SessionSignature signature;
    private final int maxBatch;
    private final TensorPacker packer;
    private final OutputDecoder decoder;
    private final InputBuffers buffers = new InputBuffers();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private final ExecutionProvider provider;
    private final List<String> warnings;

    /** Called by {@link OnnxClassifierBuilder} only; on failure the caller closes the session. */
    OnnxClassifier(OnnxClassifierBuilder b, OnnxSessions.Opened opened, String modelDescription)
            throws DeepfakeException {
        this.session = opened.session();
        this.provider = opened.provider();
        this.warnings = opened.fallbackWarning().map(List::of).orElse(List.of());
        this.name = b.name() != null ? b.name() : b.manifest().name();
        this.modelDescription = modelDescription;
        this.manifest = b.manifest();
        this.spec = manifest.inputSpec();
        this.env = OnnxSessions.environment();
        this.signature = SessionSignature.check(session, manifest, modelDescription);
        int fixedBatch = signature.fixedBatch();
        int asked = b.maxBatch();
        if (fixedBatch > 0 && asked > 0 && fixedBatch < asked) {
            LOG.info("Model {} has a fixed batch of {}; batches are capped at that", modelDescription, fixedBatch);
        }
        int wanted = asked > 0 ? asked
                : provider == ExecutionProvider.CPU ? CPU_DEFAULT_MAX_BATCH_SIZE : DEFAULT_MAX_BATCH_SIZE;
        // a fixed batch computes all its rows whatever the crops in it, so by default it is filled
        this.maxBatch = fixedBatch <= 0 ? wanted : asked > 0 ? Math.min(fixedBatch, asked) : fixedBatch;
        this.packer = new TensorPacker(spec);
        this.decoder = new OutputDecoder(manifest.output(), modelDescription);
    }

    /**
     * Opens a model whose manifest sits beside it ({@link ModelManifest#besideModel(Path)}), with default options.
     *
     * @param model an ONNX file
     * @return the classifier, owned by the caller
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND}, {@link ErrorCode#MODEL_INVALID} (see
     *         {@link OnnxClassifierBuilder#open(Path)})
     */
    public static OnnxClassifier open(Path model) throws DeepfakeException {
        return builder(ModelManifest.besideModel(model)).open(model);
    }

    /**
     * Opens a model with default options.
     *
     * @param model an ONNX file
     * @param manifest how to feed it and read it
     * @return the classifier, owned by the caller
     * @throws DeepfakeException see {@link OnnxClassifierBuilder#open(Path)}
     */
    public static OnnxClassifier open(Path model, ModelManifest manifest) throws DeepfakeException {
        return builder(manifest).open(model);
    }

    /**
     * @param manifest how to feed the model and read it; its task must be {@code classifier}
     * @return a builder with the default options and a maximum batch of {@value #DEFAULT_MAX_BATCH_SIZE}
     */
    public static OnnxClassifierBuilder builder(ModelManifest manifest) {
        return new OnnxClassifierBuilder(manifest);
    }

    @Override
    public InputSpec inputSpec() {
        return spec;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * @return the execution provider the session really runs on: the one asked for, or
     *         {@link ExecutionProvider#CPU} when a GPU provider could not start and the options allowed the fallback
     */
    public ExecutionProvider executionProvider() {
        return provider;
    }

    /**
     * @return the CPU-fallback warning when the execution provider asked for could not start (see
     *         {@link OnnxSessionOptions.Builder#allowCpuFallback(boolean)}); the detector copies it into every report
     */
    @Override
    public List<String> warnings() {
        return warnings;
    }

    /** @return the calibration the manifest carries ({@link ModelManifest#calibration()}), if any */
    @Override
    public Optional<Calibration> calibration() {
        return manifest.calibration().map(c -> c);
    }

    /** @return the manifest the classifier follows */
    public ModelManifest manifest() {
        return manifest;
    }

    /** @return the manifest's {@code output.aggregate}, when it has one */
    @Override
    public Optional<Aggregation> faceAggregation() {
        return manifest.faceAggregation();
    }

    /** @return crops per session run; longer lists passed to {@link #classify} are split */
    @Override
    public int maxBatchSize() {
        return maxBatch;
    }

    /**
     * Scores crops, in batches of at most {@link #maxBatchSize()}. Safe to call from many threads at once.
     *
     * @param crops crops of {@link #inputSpec()}'s size (RGB or BGR; swapped as needed); any number
     * @return for each crop, in order, the probability that the face is fake, in [0, 1]
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when ONNX Runtime fails or the model's output is
     *         not a number
     * @throws IllegalArgumentException when a crop's size differs from the input spec's
     * @throws IllegalStateException when the classifier is closed
     */
    @Override
    public float[] classify(List<FaceCrop> crops) throws DeepfakeException {
        checkCrops(crops);
        float[] out = new float[crops.size()];
        if (crops.isEmpty()) {
            return out;
        }
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("OnnxClassifier " + name + " is closed");
            }
            for (int from = 0; from < crops.size(); from += maxBatch) {
                int to = Math.min(crops.size(), from + maxBatch);
                runBatch(crops.subList(from, to), out, from);
            }
            return out;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** @return whether the manifest names an attention output ({@code output.attention}) */
    @Override
    public boolean hasOwnMaps() {
        return manifest.attentionOutput().isPresent();
    }

    /**
     * The model's attention map per crop, from the output the manifest names, in batches of at most
     * {@link #maxBatchSize()}. Safe to call from many threads at once.
     *
     * @param crops crops of {@link #inputSpec()}'s size
     * @return one map per crop, in order, in the model's own scale (ICPR 2020: a weight in (0, 1))
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when ONNX Runtime fails or the output is not
     *         {@code [batch, 1, h, w]} floats
     * @throws IllegalStateException when the manifest names no attention output, or the classifier is closed
     */
    @Override
    public List<SensitivityMap> ownMaps(List<FaceCrop> crops) throws DeepfakeException {
        String attention = manifest.attentionOutput().orElseThrow(() -> new IllegalStateException(
                "Model " + name + " has no attention output (its manifest sets no output.attention)"));
        checkCrops(crops);
        List<SensitivityMap> maps = new ArrayList<>(crops.size());
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("OnnxClassifier " + name + " is closed");
            }
            for (int from = 0; from < crops.size(); from += maxBatch) {
                List<FaceCrop> part = crops.subList(from, Math.min(crops.size(), from + maxBatch));
                long start = System.nanoTime();
                int batch = signature.fixedBatch() > 0 ? signature.fixedBatch() : part.size();
                try (OnnxTensor tensor = pack(buffers.forCurrentThread(), part, batch);
                        OrtSession.Result result = session.run(Map.of(manifest.inputName(), tensor),
                                Set.of(attention))) {
                    OnnxValue value = result.get(0);
                    if (!(value instanceof OnnxTensor t) || t.getFloatBuffer() == null) {
                        throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Model " + modelDescription
                                + ": attention output '" + attention + "' is not a float tensor");
                    }
                    maps.addAll(AttentionMaps.of(t.getFloatBuffer(), t.getInfo().getShape(), part,
                            modelDescription, (System.nanoTime() - start) / 1e6));
                } catch (OrtException e) {
                    throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "ONNX Runtime failed running "
                            + modelDescription + " for attention on " + part.size() + " crops: " + e.getMessage(), e);
                }
            }
            return maps;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void checkCrops(List<FaceCrop> crops) {
        Objects.requireNonNull(crops, "crops");
        for (int i = 0; i < crops.size(); i++) {
            FaceCrop crop = crops.get(i);
            checkArgument(crop.width() == spec.width() && crop.height() == spec.height(),
                    "crop %s is %sx%s pixels but classifier %s takes %sx%s", i, crop.width(), crop.height(), name,
                    spec.width(), spec.height());
        }
    }

    private void runBatch(List<FaceCrop> crops, float[] out, int outOffset) throws DeepfakeException {
        int n = crops.size();
        // a model with a fixed batch gets exactly that many crops; the padding rows are zeros and ignored
        int batch = signature.fixedBatch() > 0 ? signature.fixedBatch() : n;
        InputBuffers.ThreadBuffer buffer = buffers.forCurrentThread();
        String inputName = manifest.inputName();
        String outputName = manifest.output().name();
        int width = signature.pinnedOutputWidth();
        try (OnnxTensor tensor = pack(buffer, crops, batch)) {
            if (width > 0) {
                // ONNX Runtime writes the output straight into this thread's reused buffer
                FloatBuffer scores = buffer.outputs(batch * width);
                try (OnnxTensor output = OnnxTensor.createTensor(env, scores, new long[] {batch, width});
                        OrtSession.Result result = session.run(Map.of(inputName, tensor),
                                Map.of(outputName, output))) {
                    decoder.decode(scores, batch, n, out, outOffset);
                }
                return;
            }
            try (OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName))) {
                OnnxValue value = result.get(0);
                FloatBuffer scores = value instanceof OnnxTensor t ? t.getFloatBuffer() : null;
                if (scores == null) {
                    throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Model " + modelDescription
                            + ": output '" + outputName + "' is not a float tensor (" + value.getInfo() + ")");
                }
                decoder.decode(scores, batch, n, out, outOffset);
            }
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "ONNX Runtime failed running " + modelDescription
                    + " on " + n + " crops: " + e.getMessage(), e);
        }
    }

    /** Packs the crops into this thread's buffer and wraps it, without copying, as a tensor of the model's type. */
    private OnnxTensor pack(InputBuffers.ThreadBuffer buffer, List<FaceCrop> crops, int batch) throws OrtException {
        int elements = batch * packer.elementsPerCrop();
        long[] shape = packer.shape(batch);
        if (signature.float16()) {
            ShortBuffer dst = buffer.shorts(elements);
            packer.pack(crops, batch, dst);
            return OnnxTensor.createTensor(env, dst, shape, OnnxJavaType.FLOAT16);
        }
        FloatBuffer dst = buffer.floats(elements);
        packer.pack(crops, batch, dst);
        return OnnxTensor.createTensor(env, dst, shape);
    }

    /**
     * Frees the session and every thread's buffers after calls in flight finish; idempotent. Later calls to
     * {@link #classify} fail with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            buffers.release();
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("Closing the ONNX Runtime session of {} failed", modelDescription, e);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** @return threads whose input buffers this classifier still holds (0 once closed); for tests */
    int liveInputBuffers() {
        return buffers.liveCount();
    }

    @Override
    public String toString() {
        return "OnnxClassifier[" + name + " " + modelDescription + " on " + provider + " " + spec
                + " maxBatch=" + maxBatch
                + (signature.float16() ? " float16" : "") + "]";
    }
}
