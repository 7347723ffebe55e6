package dev.deepfake4j.models.efficientnet;

import static dev.deepfake4j.models.efficientnet.EfficientNetArchitecture.expect;
import static dev.deepfake4j.models.onnx.graph.OnnxGraphWriter.intValue;
import static dev.deepfake4j.models.onnx.graph.OnnxGraphWriter.ints;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.onnx.graph.OnnxGraphWriter;
import dev.deepfake4j.models.torch.Tensor;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the state dict of the DFDC winner's {@code DeepFakeClassifier} — a timm {@code tf_efficientnet_b0_ns} …
 * {@code b7_ns} encoder followed by global average pooling, dropout and {@code fc = Linear(features, 1)} — into an
 * ONNX graph (opset 13) from {@value #INPUT_NAME} {@code [batch, 3, size, size]} to {@value #OUTPUT_NAME}
 * {@code [batch, 1]}; P(fake) = sigmoid(logit).
 *
 * <p>The graph reproduces timm's inference exactly up to float rounding:
 * <ul>
 *   <li>TensorFlow-style "same" padding ({@code Conv2dSame}): for input size {@code i}, stride {@code s} and kernel
 *       {@code k}, the total padding is {@code max((ceil(i/s) - 1)·s + k - i, 0)}, the smaller half before and the
 *       rest after. Sizes are known from the fixed input size, so the pads are written out per convolution;</li>
 *   <li>batch normalisation (epsilon {@value #BATCH_NORM_EPSILON}, timm's value for the {@code tf_} ports) folded
 *       into the preceding bias-free convolution: {@code w' = w·γ/√(σ²+ε)}, {@code b' = β - μ·γ/√(σ²+ε)},
 *       computed in double — exact because inference batch norm is an affine map per channel;</li>
 *   <li>SiLU as {@code x·sigmoid(x)}; squeeze-excitation as global average pool → 1×1 conv → SiLU → 1×1 conv →
 *       sigmoid → multiply; residual additions where a block keeps resolution and channels;</li>
 *   <li>dropout is the identity at inference and is left out.</li>
 * </ul>
 * Every tensor of the state dict must be used except {@code num_batches_tracked} counters and timm's unused
 * ImageNet head ({@code encoder.classifier.*}); a missing, misshapen or unexpected tensor is
 * {@link ErrorCode#MODEL_INVALID}.
 *
 * <p>Memory: the ONNX model holds every weight once as float32 (≈21 MB for B0, ≈264 MB for B7), and building it
 * needs about twice that on top of the state dict. Stateless and thread-safe.
 */
public final class EfficientNetImporter {
    /** Name of the graph input: float32 {@code [batch, 3, size, size]}, normalised RGB. */
    public static final String INPUT_NAME = "input";
    /** Name of the graph output: float32 {@code [batch, 1]}, the logit of "fake". */
    public static final String OUTPUT_NAME = "logit";
    /** Batch-norm epsilon of timm's TensorFlow-ported EfficientNets. */
    public static final float BATCH_NORM_EPSILON = 1e-3f;

    private EfficientNetImporter() {
    }

    /**
     * @param stateDict parameter name (without {@code module.}) → tensor, e.g. from
     *        {@link dev.deepfake4j.models.torch.TorchCheckpoint#readStateDict}
     * @param inputSize the side of the square input in pixels (380 for the DFDC winner)
     * @param source the checkpoint's name, for messages and the model's doc string
     * @return the serialised ONNX model; the caller owns the array
     * @throws DeepfakeException {@link ErrorCode#MODEL_INVALID} when the state dict is not such a classifier
     */
    public static byte[] toOnnx(Map<String, Tensor> stateDict, int inputSize, String source)
            throws DeepfakeException {
        if (inputSize < 32 || inputSize > 2048) {
            throw new IllegalArgumentException("input size must be in 32..2048 pixels: " + inputSize);
        }
        EfficientNetArchitecture arch = EfficientNetArchitecture.of(stateDict, source);
        return new Writer(stateDict, source, inputSize).write(arch);
    }

    /** Builds one graph; tracks which tensors it used so that leftovers can be refused. */
    private static final class Writer {
        private final Map<String, Tensor> weights;
        private final String source;
        private final Set<String> used = new HashSet<>();
        private final OnnxGraphWriter graph = new OnnxGraphWriter("dfdc_efficientnet");
        private final int inputSize;
        /** Side of the current feature map in pixels. */
        private int size;

        Writer(Map<String, Tensor> weights, String source, int inputSize) {
            this.weights = weights;
            this.source = source;
            this.inputSize = inputSize;
            this.size = inputSize;
        }

        byte[] write(EfficientNetArchitecture arch) throws DeepfakeException {
            graph.batchInput(INPUT_NAME, 3, inputSize, inputSize);
            String x = convBn(INPUT_NAME, "encoder.conv_stem.weight", "encoder.bn1.", 2, 1, true);
            for (EfficientNetArchitecture.Block block : arch.blocks()) {
                x = block(x, block);
            }
            x = convBn(x, "encoder.conv_head.weight", "encoder.bn2.", 1, 1, true);
            String pooled = graph.node("Flatten", List.of(graph.node("GlobalAveragePool", List.of(x))),
                    intValue("axis", 1));
            float[] fcWeight = take("fc.weight", 1, arch.features());
            float[] fcBias = take("fc.bias", 1);
            graph.namedNode("Gemm", OUTPUT_NAME, List.of(pooled,
                    graph.initializer("fc_weight", new long[] {1, arch.features()}, fcWeight),
                    graph.initializer("fc_bias", new long[] {1}, fcBias)), intValue("transB", 1));
            graph.batchOutput(OUTPUT_NAME, 1);
            refuseLeftovers();
            return graph.toModelBytes("DFDC DeepFakeClassifier (tf_efficientnet_" + arch.variant().orElse("?")
                    + "_ns, " + arch.blocks().size() + " blocks) imported from " + source
                    + "; input normalised RGB " + inputSize + "x" + inputSize + ", output logit of fake");
        }

        private String block(String input, EfficientNetArchitecture.Block b) throws DeepfakeException {
            String p = b.prefix();
            String x = input;
            if (b.kind() == EfficientNetArchitecture.Kind.INVERTED_RESIDUAL) {
                x = convBn(x, p + "conv_pw.weight", p + "bn1.", 1, 1, true);
                x = convBn(x, p + "conv_dw.weight", p + "bn2.", b.stride(), b.midChannels(), true);
                x = squeezeExcite(x, p, b);
                x = convBn(x, p + "conv_pwl.weight", p + "bn3.", 1, 1, false);
            } else {
                x = convBn(x, p + "conv_dw.weight", p + "bn1.", b.stride(), b.midChannels(), true);
                x = squeezeExcite(x, p, b);
                x = convBn(x, p + "conv_pw.weight", p + "bn2.", 1, 1, false);
            }
            return b.residual() ? graph.node("Add", List.of(x, input)) : x;
        }

        private String squeezeExcite(String x, String p, EfficientNetArchitecture.Block b)
                throws DeepfakeException {
            if (b.seChannels() == 0) {
                return x;
            }
            int c = b.midChannels();
            int r = b.seChannels();
            String s = graph.node("GlobalAveragePool", List.of(x));
            s = conv1x1WithBias(s, p + "se.conv_reduce.", r, c);
            s = silu(s);
            s = conv1x1WithBias(s, p + "se.conv_expand.", c, r);
            return graph.node("Mul", List.of(x, graph.node("Sigmoid", List.of(s))));
        }

        private String conv1x1WithBias(String x, String prefix, int out, int in) throws DeepfakeException {
            float[] w = take(prefix + "weight", out, in, 1, 1);
            float[] bias = take(prefix + "bias", out);
            return graph.node("Conv", List.of(x,
                    graph.initializer("se_w", new long[] {out, in, 1, 1}, w),
                    graph.initializer("se_b", new long[] {out}, bias)), ints("kernel_shape", 1, 1));
        }

        /**
         * A bias-free convolution with TF "same" padding followed by batch norm (folded) and optionally SiLU.
         *
         * @param groups 1, or the channel count for a depthwise convolution
         */
        private String convBn(String x, String weightKey, String bnPrefix, int stride, int groups, boolean act)
                throws DeepfakeException {
            Tensor w = weights.get(weightKey);
            if (w == null) {
                throw EfficientNetArchitecture.missing(source, weightKey);
            }
            int[] shape = w.shape();
            expect(shape.length == 4 && shape[2] == shape[3], source, weightKey + " should be [O, I, k, k], is "
                    + Arrays.toString(shape));
            int out = shape[0];
            int k = shape[2];
            used.add(weightKey);
            float[] gamma = take(bnPrefix + "weight", out);
            float[] beta = take(bnPrefix + "bias", out);
            float[] mean = take(bnPrefix + "running_mean", out);
            float[] var = take(bnPrefix + "running_var", out);

            FloatBuffer src = w.values();
            int perOutput = w.size() / out;
            float[] folded = new float[w.size()];
            float[] bias = new float[out];
            for (int o = 0; o < out; o++) {
                double factor = gamma[o] / Math.sqrt((double) var[o] + BATCH_NORM_EPSILON);
                for (int i = o * perOutput; i < (o + 1) * perOutput; i++) {
                    folded[i] = (float) (src.get(i) * factor);
                }
                bias[o] = (float) (beta[o] - mean[o] * factor);
            }

            int outSize = (size + stride - 1) / stride;
            int pad = Math.max((outSize - 1) * stride + k - size, 0);
            int before = pad / 2;
            int after = pad - before;
            size = outSize;
            long[] dims = Arrays.stream(shape).asLongStream().toArray();
            String y = graph.node("Conv", List.of(x,
                    graph.initializer("w", dims, folded),
                    graph.initializer("b", new long[] {out}, bias)),
                    ints("kernel_shape", k, k), ints("strides", stride, stride),
                    ints("pads", before, before, after, after), intValue("group", groups));
            return act ? silu(y) : y;
        }

        private String silu(String x) {
            return graph.node("Mul", List.of(x, graph.node("Sigmoid", List.of(x))));
        }

        /** Fetches a tensor of the given shape, marks it used, and returns its elements. */
        private float[] take(String key, int... expectedShape) throws DeepfakeException {
            Tensor t = weights.get(key);
            if (t == null) {
                throw EfficientNetArchitecture.missing(source, key);
            }
            expect(Arrays.equals(t.shape(), expectedShape), source, key + " should have shape "
                    + Arrays.toString(expectedShape) + ", has " + Arrays.toString(t.shape()));
            used.add(key);
            return t.toArray();
        }

        private void refuseLeftovers() throws DeepfakeException {
            List<String> leftovers = weights.keySet().stream()
                    .filter(k -> !used.contains(k) && !ignorable(k))
                    .sorted()
                    .collect(Collectors.toList());
            expect(leftovers.isEmpty(), source, leftovers.size() + " tensors are not part of a tf_efficientnet "
                    + "DeepFakeClassifier: " + leftovers.stream().limit(5).collect(Collectors.joining(", "))
                    + (leftovers.size() > 5 ? ", …" : ""));
        }

        private static boolean ignorable(String key) {
            return key.endsWith(".num_batches_tracked") || key.equals("encoder.classifier.weight")
                    || key.equals("encoder.classifier.bias");
        }
    }
}
