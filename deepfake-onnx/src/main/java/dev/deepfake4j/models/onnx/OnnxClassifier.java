package dev.deepfake4j.models.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.ModelTask;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.PositiveClass;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Classifier} running an ONNX model with ONNX Runtime, read as its {@link ModelManifest} says.
 *
 * <p><b>Threads.</b> One instance holds one ONNX Runtime session, shared by all threads: {@link #classify} may be
 * called concurrently. Each thread writes its crops into its own direct, native-order buffer (kept per thread and
 * grown to the largest batch it has seen: {@code batch × width × height × 3} floats), which ONNX Runtime reads
 * without copying.
 *
 * <p><b>Ownership.</b> The classifier owns its session and frees it in {@link #close()}, which waits for calls in
 * flight, is idempotent, and makes later calls fail with {@link IllegalStateException}. The per-thread buffers are
 * ordinary Java direct buffers, released by the garbage collector once the classifier is unreachable.
 *
 * <p><b>Preprocessing.</b> Each 8-bit sample becomes {@code (v * scale - mean[c]) / std[c]} through a 256-entry
 * table per channel, written straight to its place in the NCHW or NHWC tensor; crops in the other colour order than
 * the model's are swapped on the fly. The tensor element type (float32 or float16) is the model's.
 *
 * <p><b>Output.</b> The value at {@code output.index} on the output's last axis, made a probability as
 * {@link OutputKind} says; with {@code "positive": "real"} the classifier reports {@code 1 - p}. Reported values are
 * probabilities of <em>fake</em> in [0, 1].
 */
public final class OnnxClassifier implements Classifier {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxClassifier.class);
    /** The batch the DFDC pipelines ran on one GPU; large enough to amortise a session run on the CPU too. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;

    private final String name;
    private final String modelDescription;
    private final ModelManifest manifest;
    private final InputSpec spec;
    private final OrtSession session;
    private final OrtEnvironment env;
    private final boolean float16;
    /** The model's fixed batch size, or -1 when its batch axis is dynamic. */
    private final int fixedBatch;
    private final int maxBatch;
    private final int elementsPerCrop;
    private final float[][] floatTable;
    private final short[][] halfTable;
    private final ThreadLocal<InputBuffer> buffers = ThreadLocal.withInitial(InputBuffer::new);
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private final ExecutionProvider provider;
    private final List<String> warnings;
    /**
     * Values per crop of a float32 output of shape [batch, k] with k fixed, which ONNX Runtime writes straight into
     * the thread's reused output buffer ({@code run(inputs, pinnedOutputs)}); 0 when the output has another shape
     * or type and ONNX Runtime allocates it per run.
     */
    private final int pinnedOutputWidth;

    private OnnxClassifier(Builder b, OnnxSessionOptions.Opened opened, String modelDescription)
            throws DeepfakeException {
        OrtSession session = opened.session();
        this.provider = opened.provider();
        this.warnings = opened.fallbackWarning().map(List::of).orElse(List.of());
        this.name = b.name != null ? b.name : b.manifest.name();
        this.modelDescription = modelDescription;
        this.manifest = b.manifest;
        this.spec = manifest.toInputSpec();
        this.session = session;
        this.env = OnnxSessionOptions.environment();
        this.elementsPerCrop = spec.width() * spec.height() * 3;
        TensorInfo input = checkInput();
        this.float16 = input.type == OnnxJavaType.FLOAT16;
        long batchDim = input.getShape()[0];
        this.fixedBatch = batchDim > 0 ? (int) batchDim : -1;
        if (fixedBatch > 0 && fixedBatch < b.maxBatch) {
            LOG.info("Model {} has a fixed batch of {}; batches are capped at that", modelDescription, fixedBatch);
        }
        this.maxBatch = fixedBatch > 0 ? Math.min(fixedBatch, b.maxBatch) : b.maxBatch;
        this.pinnedOutputWidth = checkOutput();
        this.floatTable = new float[3][256];
        this.halfTable = new short[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                floatTable[c][v] = spec.normalize(v, c);
                halfTable[c][v] = Fp16Conversions.floatToFp16(floatTable[c][v]);
            }
        }
    }

    /**
     * Opens a model whose manifest sits beside it ({@link ModelManifest#besideModel(Path)}), with default options.
     *
     * @param model an ONNX file
     * @return the classifier, owned by the caller
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND}, {@link ErrorCode#MODEL_INVALID} (see
     *         {@link Builder#open(Path)})
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
     * @throws DeepfakeException see {@link Builder#open(Path)}
     */
    public static OnnxClassifier open(Path model, ModelManifest manifest) throws DeepfakeException {
        return builder(manifest).open(model);
    }

    /**
     * @param manifest how to feed the model and read it; its task must be {@code classifier}
     * @return a builder with the default options and a maximum batch of {@value #DEFAULT_MAX_BATCH_SIZE}
     */
    public static Builder builder(ModelManifest manifest) {
        return new Builder(manifest);
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

    /** @return the manifest the classifier follows */
    public ModelManifest manifest() {
        return manifest;
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
        Objects.requireNonNull(crops, "crops");
        for (int i = 0; i < crops.size(); i++) {
            FaceCrop crop = crops.get(i);
            checkArgument(crop.width() == spec.width() && crop.height() == spec.height(),
                    "crop %s is %sx%s pixels but classifier %s takes %sx%s", i, crop.width(), crop.height(), name,
                    spec.width(), spec.height());
        }
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

    private void runBatch(List<FaceCrop> crops, float[] out, int outOffset) throws DeepfakeException {
        int n = crops.size();
        // a model with a fixed batch gets exactly that many crops; the padding rows are zeros and ignored
        int batch = fixedBatch > 0 ? fixedBatch : n;
        long[] shape = spec.layout() == InputSpec.Layout.NCHW
                ? new long[] {batch, 3, spec.height(), spec.width()}
                : new long[] {batch, spec.height(), spec.width(), 3};
        InputBuffer buffer = buffers.get();
        int elements = batch * elementsPerCrop;
        if (pinnedOutputWidth > 0) {
            runPinned(buffer, crops, batch, elements, shape, out, outOffset);
            return;
        }
        try (OnnxTensor tensor = float16 ? fillHalf(buffer, crops, elements, shape)
                : fillFloat(buffer, crops, elements, shape);
                OrtSession.Result result = session.run(Map.of(manifest.inputName(), tensor),
                        Set.of(manifest.outputName()))) {
            OnnxValue value = result.get(0);
            FloatBuffer scores = value instanceof OnnxTensor t ? t.getFloatBuffer() : null;
            if (scores == null) {
                throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Model " + modelDescription + ": output '"
                        + manifest.outputName() + "' is not a float tensor (" + value.getInfo() + ")");
            }
            interpret(scores, batch, n, out, outOffset);
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "ONNX Runtime failed running " + modelDescription
                    + " on " + n + " crops: " + e.getMessage(), e);
        }
    }

    /** The same as the general path, with the output written by ONNX Runtime into this thread's reused buffer. */
    private void runPinned(InputBuffer buffer, List<FaceCrop> crops, int batch, int elements, long[] shape,
            float[] out, int outOffset) throws DeepfakeException {
        int n = crops.size();
        FloatBuffer scores = buffer.outputs(batch * pinnedOutputWidth);
        try (OnnxTensor tensor = float16 ? fillHalf(buffer, crops, elements, shape)
                : fillFloat(buffer, crops, elements, shape);
                OnnxTensor output = OnnxTensor.createTensor(env, scores, new long[] {batch, pinnedOutputWidth});
                OrtSession.Result result = session.run(Map.of(manifest.inputName(), tensor),
                        Map.of(manifest.outputName(), output))) {
            interpret(scores, batch, n, out, outOffset);
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "ONNX Runtime failed running " + modelDescription
                    + " on " + n + " crops: " + e.getMessage(), e);
        }
    }

    private OnnxTensor fillFloat(InputBuffer buffer, List<FaceCrop> crops, int elements, long[] shape)
            throws OrtException {
        FloatBuffer dst = buffer.floats(elements);
        int plane = spec.width() * spec.height();
        boolean nchw = spec.layout() == InputSpec.Layout.NCHW;
        for (int i = 0; i < crops.size(); i++) {
            FaceCrop crop = crops.get(i);
            ByteBuffer px = crop.pixels();
            boolean swap = crop.format() != spec.channels();
            float[] t0 = floatTable[0];
            float[] t1 = floatTable[1];
            float[] t2 = floatTable[2];
            int s0 = swap ? 2 : 0;
            int s2 = swap ? 0 : 2;
            int base = i * elementsPerCrop;
            if (nchw) {
                for (int p = 0, s = 0; p < plane; p++, s += 3) {
                    dst.put(base + p, t0[px.get(s + s0) & 0xFF]);
                    dst.put(base + plane + p, t1[px.get(s + 1) & 0xFF]);
                    dst.put(base + 2 * plane + p, t2[px.get(s + s2) & 0xFF]);
                }
            } else {
                for (int s = 0; s < 3 * plane; s += 3) {
                    dst.put(base + s, t0[px.get(s + s0) & 0xFF]);
                    dst.put(base + s + 1, t1[px.get(s + 1) & 0xFF]);
                    dst.put(base + s + 2, t2[px.get(s + s2) & 0xFF]);
                }
            }
        }
        for (int e = crops.size() * elementsPerCrop; e < elements; e++) {
            dst.put(e, 0f);
        }
        return OnnxTensor.createTensor(env, dst, shape);
    }

    private OnnxTensor fillHalf(InputBuffer buffer, List<FaceCrop> crops, int elements, long[] shape)
            throws OrtException {
        ShortBuffer dst = buffer.shorts(elements);
        int plane = spec.width() * spec.height();
        boolean nchw = spec.layout() == InputSpec.Layout.NCHW;
        for (int i = 0; i < crops.size(); i++) {
            FaceCrop crop = crops.get(i);
            ByteBuffer px = crop.pixels();
            boolean swap = crop.format() != spec.channels();
            short[] t0 = halfTable[0];
            short[] t1 = halfTable[1];
            short[] t2 = halfTable[2];
            int s0 = swap ? 2 : 0;
            int s2 = swap ? 0 : 2;
            int base = i * elementsPerCrop;
            for (int p = 0, s = 0; p < plane; p++, s += 3) {
                int d0 = nchw ? base + p : base + s;
                int d1 = nchw ? base + plane + p : base + s + 1;
                int d2 = nchw ? base + 2 * plane + p : base + s + 2;
                dst.put(d0, t0[px.get(s + s0) & 0xFF]);
                dst.put(d1, t1[px.get(s + 1) & 0xFF]);
                dst.put(d2, t2[px.get(s + s2) & 0xFF]);
            }
        }
        for (int e = crops.size() * elementsPerCrop; e < elements; e++) {
            dst.put(e, (short) 0);
        }
        return OnnxTensor.createTensor(env, dst, shape, OnnxJavaType.FLOAT16);
    }

    private void interpret(FloatBuffer scores, int batch, int n, float[] out, int outOffset)
            throws DeepfakeException {
        int total = scores.remaining();
        if (total % batch != 0 || total / batch <= manifest.outputIndex()) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Model " + modelDescription + ": output '"
                    + manifest.outputName() + "' has " + total + " values for " + batch + " crops; cannot read index "
                    + manifest.outputIndex() + " per crop");
        }
        int perCrop = total / batch;
        int index = manifest.outputIndex();
        for (int i = 0; i < n; i++) {
            int row = scores.position() + i * perCrop;
            double p = switch (manifest.outputKind()) {
                case PROBABILITY -> scores.get(row + index);
                case LOGIT -> sigmoid(scores.get(row + index));
                case SOFTMAX -> softmax(scores, row, perCrop, index);
            };
            if (Double.isNaN(p)) {
                throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Model " + modelDescription
                        + " produced NaN for crop " + (outOffset + i) + "; the model or its input is broken");
            }
            p = Math.max(0, Math.min(1, p));
            out[outOffset + i] = (float) (manifest.positive() == PositiveClass.REAL ? 1 - p : p);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double softmax(FloatBuffer scores, int row, int classes, int index) {
        // subtract the largest score so exp cannot overflow
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, scores.get(row + k));
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(scores.get(row + k) - max);
        }
        return Math.exp(scores.get(row + index) - max) / sum;
    }

    private TensorInfo checkInput() throws DeepfakeException {
        Map<String, NodeInfo> inputs;
        try {
            inputs = session.getInputInfo();
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Cannot read the inputs of " + modelDescription, e);
        }
        NodeInfo node = inputs.get(manifest.inputName());
        if (node == null) {
            throw invalid("the manifest's input.name '" + manifest.inputName() + "' is not an input of the model;"
                    + " its inputs are " + inputs.keySet());
        }
        if (inputs.size() != 1) {
            throw invalid("the model has inputs " + inputs.keySet() + "; OnnxClassifier feeds exactly one");
        }
        if (!(node.getInfo() instanceof TensorInfo info)
                || (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.FLOAT16)) {
            throw invalid("input '" + manifest.inputName() + "' is " + node.getInfo()
                    + "; OnnxClassifier feeds float32 or float16 tensors");
        }
        long[] shape = info.getShape();
        long[] expected = spec.layout() == InputSpec.Layout.NCHW
                ? new long[] {-1, 3, spec.height(), spec.width()}
                : new long[] {-1, spec.height(), spec.width(), 3};
        boolean fits = shape.length == 4;
        for (int d = 1; fits && d < 4; d++) {
            fits = shape[d] <= 0 || shape[d] == expected[d];
        }
        if (!fits) {
            throw invalid("input '" + manifest.inputName() + "' has shape " + Arrays.toString(shape)
                    + " but the manifest says " + spec.width() + "x" + spec.height() + " (width x height) "
                    + spec.layout() + ", i.e. " + Arrays.toString(expected) + "; fix input.width, input.height or"
                    + " input.layout");
        }
        return info;
    }

    /** @return the pinned output width (see {@link #pinnedOutputWidth}), 0 when the output cannot be pinned */
    private int checkOutput() throws DeepfakeException {
        Map<String, NodeInfo> outputs;
        try {
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Cannot read the outputs of " + modelDescription, e);
        }
        NodeInfo node = outputs.get(manifest.outputName());
        if (node == null) {
            throw invalid("the manifest's output.name '" + manifest.outputName() + "' is not an output of the model;"
                    + " its outputs are " + outputs.keySet());
        }
        if (!(node.getInfo() instanceof TensorInfo info)
                || (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.FLOAT16)) {
            throw invalid("output '" + manifest.outputName() + "' is " + node.getInfo()
                    + "; OnnxClassifier reads float32 or float16 tensors");
        }
        long[] shape = info.getShape();
        long classes = shape.length >= 2 ? shape[shape.length - 1] : 1;
        if (classes > 0 && manifest.outputIndex() >= classes) {
            throw invalid("output.index " + manifest.outputIndex() + " is outside output '" + manifest.outputName()
                    + "' of shape " + Arrays.toString(shape));
        }
        if (manifest.outputKind() == OutputKind.SOFTMAX && (shape.length < 2 || classes == 1)) {
            throw invalid("output.kind softmax needs at least 2 classes on the last axis, but output '"
                    + manifest.outputName() + "' has shape " + Arrays.toString(shape) + "; use logit or probability");
        }
        boolean pinnable = info.type == OnnxJavaType.FLOAT && shape.length == 2 && shape[1] > 0 && shape[1] <= 1 << 16;
        return pinnable ? (int) shape[1] : 0;
    }

    private DeepfakeException invalid(String problem) {
        return new DeepfakeException(ErrorCode.MODEL_INVALID, "Model " + modelDescription + " does not match"
                + " manifest " + manifest.name() + ": " + problem);
    }

    /** Frees the session after calls in flight finish; idempotent. Later calls to {@link #classify} fail. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            buffers.remove();
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("Closing the ONNX Runtime session of {} failed", modelDescription, e);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OnnxClassifier[" + name + " " + modelDescription + " on " + provider + " " + spec
                + " maxBatch=" + maxBatch
                + (float16 ? " float16" : "") + "]";
    }

    /**
     * A thread's reusable, direct, native-order input buffer and pinned output buffer, each grown to the largest
     * batch it has held.
     */
    private static final class InputBuffer {
        private ByteBuffer bytes = ByteBuffer.allocateDirect(0);
        private ByteBuffer outputBytes = ByteBuffer.allocateDirect(0);

        FloatBuffer outputs(int elements) {
            if (outputBytes.capacity() < 4L * elements) {
                outputBytes = ByteBuffer.allocateDirect(4 * elements).order(ByteOrder.nativeOrder());
            }
            FloatBuffer f = outputBytes.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
            f.limit(elements);
            return f;
        }

        private ByteBuffer ensure(long byteCount) {
            if (byteCount > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("an input batch of " + byteCount + " bytes is too large");
            }
            if (bytes.capacity() < byteCount) {
                bytes = ByteBuffer.allocateDirect((int) byteCount).order(ByteOrder.nativeOrder());
            }
            return bytes;
        }

        FloatBuffer floats(int elements) {
            FloatBuffer f = ensure(4L * elements).duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
            f.limit(elements);
            return f;
        }

        ShortBuffer shorts(int elements) {
            ShortBuffer s = ensure(2L * elements).duplicate().order(ByteOrder.nativeOrder()).asShortBuffer();
            s.limit(elements);
            return s;
        }
    }

    /**
     * Configures and opens an {@link OnnxClassifier}. Not thread-safe; reusable: each {@code open} creates an
     * independent classifier with its own session.
     */
    public static final class Builder {
        private final ModelManifest manifest;
        private OnnxSessionOptions options = OnnxSessionOptions.defaults();
        private int maxBatch = DEFAULT_MAX_BATCH_SIZE;
        private String name;

        private Builder(ModelManifest manifest) {
            this.manifest = Objects.requireNonNull(manifest, "manifest");
        }

        /** @param options session options (default {@link OnnxSessionOptions#defaults()}) @return this */
        public Builder sessionOptions(OnnxSessionOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @param maxBatch crops per session run, 1..4096 (default {@value #DEFAULT_MAX_BATCH_SIZE}); a model with a
         *        fixed batch axis caps it further
         * @return this
         */
        public Builder maxBatchSize(int maxBatch) {
            checkArgument(maxBatch >= 1 && maxBatch <= 4096, "max batch size must be in 1..4096: %s", maxBatch);
            this.maxBatch = maxBatch;
            return this;
        }

        /** @param name the name reports show (default: the manifest's name) @return this */
        public Builder name(String name) {
            checkArgument(name != null && !name.isBlank(), "name must not be blank: '%s'", name);
            this.name = name;
            return this;
        }

        /**
         * Opens the model file.
         *
         * @param model an ONNX file
         * @return the classifier, owned by the caller (close it)
         * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the file does not exist;
         *         {@link ErrorCode#MODEL_INVALID} when it is not a loadable ONNX model or does not match the manifest
         *         (input or output names, input size or layout, output index; the message lists what the model has);
         *         {@link ErrorCode#BACKEND_FAILURE} when the execution provider is unavailable
         */
        public OnnxClassifier open(Path model) throws DeepfakeException {
            Objects.requireNonNull(model, "model");
            checkTask(model.toString());
            return create(options.open(model), model.toString());
        }

        /**
         * Opens a model held in memory.
         *
         * @param model the bytes of an ONNX file
         * @return the classifier, owned by the caller (close it)
         * @throws DeepfakeException as {@link #open(Path)}, except {@link ErrorCode#MODEL_NOT_FOUND}
         */
        public OnnxClassifier open(byte[] model) throws DeepfakeException {
            Objects.requireNonNull(model, "model");
            String description = "'" + manifest.name() + "' (in memory)";
            checkTask(description);
            return create(options.open(model, description), description);
        }

        private void checkTask(String description) throws DeepfakeException {
            if (manifest.task() != ModelTask.CLASSIFIER) {
                throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Manifest " + manifest.name() + " for "
                        + description + " describes a " + manifest.task().jsonName() + ", not a classifier");
            }
        }

        private OnnxClassifier create(OnnxSessionOptions.Opened opened, String description)
                throws DeepfakeException {
            try {
                return new OnnxClassifier(this, opened, description);
            } catch (DeepfakeException | RuntimeException e) {
                try {
                    opened.session().close();
                } catch (OrtException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }
    }
}
