package dev.deepfake4j.models.efficientnet;

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
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The pieces every EfficientNet importer writes, over one state dict and one {@link OnnxGraphWriter}: convolution
 * with batch norm folded in (in double precision), SiLU/swish as {@code x·sigmoid(x)}, squeeze-excitation, a linear
 * layer, and the bookkeeping of which tensors were used, so that leftovers can be refused. Every problem with the
 * state dict is a {@link ErrorCode#MODEL_INVALID} naming the checkpoint and the first key or shape that disagrees.
 *
 * <p>Batch norm folding: inference batch norm is an affine map per channel, so
 * {@code w' = w·γ/√(σ²+ε)} and {@code b' = β - μ·γ/√(σ²+ε)} (computed in double) give the same output as the
 * convolution followed by the normalisation, up to float rounding.
 *
 * <p>Not thread-safe; one instance writes one graph.
 */
final class EfficientNetGraph {
    private final Map<String, Tensor> weights;
    private final String source;
    private final String family;
    private final Set<String> used = new HashSet<>();
    private final OnnxGraphWriter graph;

    /**
     * @param graph the graph being written
     * @param weights parameter name → tensor
     * @param source the checkpoint's name, for messages
     * @param family what the state dict should be, for messages (e.g. "tf_efficientnet DeepFakeClassifier")
     */
    EfficientNetGraph(OnnxGraphWriter graph, Map<String, Tensor> weights, String source, String family) {
        this.graph = graph;
        this.weights = weights;
        this.source = source;
        this.family = family;
    }

    OnnxGraphWriter writer() {
        return graph;
    }

    /**
     * A bias-free convolution followed by batch norm (folded) and optionally SiLU.
     *
     * @param weightKey the convolution's weight [O, I/groups, k, k]
     * @param bnPrefix the batch norm's key prefix (ending in a dot)
     * @param epsilon the batch norm's epsilon
     * @param stride stride in pixels
     * @param groups 1, or the channel count for a depthwise convolution
     * @param pads {top, left, bottom, right} in pixels
     * @param act whether SiLU follows
     * @return the output's name
     */
    String convBn(String x, String weightKey, String bnPrefix, double epsilon, int stride, int groups, int[] pads,
            boolean act) throws DeepfakeException {
        int[] shape = shape(weightKey);
        expect(shape.length == 4 && shape[2] == shape[3], weightKey + " should be [O, I, k, k], is "
                + Arrays.toString(shape));
        Tensor w = weights.get(weightKey);
        used.add(weightKey);
        int out = shape[0];
        int k = shape[2];
        double[] scale = new double[out];
        float[] bias = batchNorm(bnPrefix, out, epsilon, scale);
        FloatBuffer src = w.values();
        int perOutput = w.size() / out;
        float[] folded = new float[w.size()];
        for (int o = 0; o < out; o++) {
            for (int i = o * perOutput; i < (o + 1) * perOutput; i++) {
                folded[i] = (float) (src.get(i) * scale[o]);
            }
        }
        long[] dims = Arrays.stream(shape).asLongStream().toArray();
        String y = graph.node("Conv", List.of(x,
                graph.initializer("w", dims, folded),
                graph.initializer("b", new long[] {out}, bias)),
                ints("kernel_shape", k, k), ints("strides", stride, stride),
                ints("pads", pads[0], pads[1], pads[2], pads[3]), intValue("group", groups));
        return act ? silu(y) : y;
    }

    /**
     * Reads a batch norm's four tensors and computes its affine form.
     *
     * @param scale receives {@code γ/√(σ²+ε)} per channel
     * @return {@code β - μ·scale} per channel, as float32
     */
    float[] batchNorm(String bnPrefix, int channels, double epsilon, double[] scale) throws DeepfakeException {
        float[] gamma = take(bnPrefix + "weight", channels);
        float[] beta = take(bnPrefix + "bias", channels);
        float[] mean = take(bnPrefix + "running_mean", channels);
        float[] var = take(bnPrefix + "running_var", channels);
        float[] bias = new float[channels];
        for (int o = 0; o < channels; o++) {
            scale[o] = gamma[o] / Math.sqrt((double) var[o] + epsilon);
            bias[o] = (float) (beta[o] - mean[o] * scale[o]);
        }
        return bias;
    }

    /** @return {@code x·sigmoid(x)} */
    String silu(String x) {
        return graph.node("Mul", List.of(x, graph.node("Sigmoid", List.of(x))));
    }

    /**
     * Squeeze-excitation: global average pool → 1×1 conv → SiLU → 1×1 conv → sigmoid → multiply.
     *
     * @param reducePrefix key prefix of the reducing 1×1 convolution (with bias)
     * @param expandPrefix key prefix of the expanding 1×1 convolution (with bias)
     * @param channels channels of {@code x}
     * @param squeezed the bottleneck width
     */
    String squeezeExcite(String x, String reducePrefix, String expandPrefix, int channels, int squeezed)
            throws DeepfakeException {
        String s = graph.node("GlobalAveragePool", List.of(x));
        s = conv1x1WithBias(s, reducePrefix, squeezed, channels);
        s = silu(s);
        s = conv1x1WithBias(s, expandPrefix, channels, squeezed);
        return graph.node("Mul", List.of(x, graph.node("Sigmoid", List.of(s))));
    }

    /** A 1×1 convolution with bias from {@code prefix + "weight"} [out, in, 1, 1] and {@code prefix + "bias"}. */
    String conv1x1WithBias(String x, String prefix, int out, int in) throws DeepfakeException {
        float[] w = take(prefix + "weight", out, in, 1, 1);
        float[] bias = take(prefix + "bias", out);
        return graph.node("Conv", List.of(x,
                graph.initializer("conv_w", new long[] {out, in, 1, 1}, w),
                graph.initializer("conv_b", new long[] {out}, bias)), ints("kernel_shape", 1, 1));
    }

    /** Global average pooling and flattening to {@code [batch, channels]}. */
    String poolFlatten(String x) {
        return graph.node("Flatten", List.of(graph.node("GlobalAveragePool", List.of(x))), intValue("axis", 1));
    }

    /**
     * {@code y = x·Wᵀ + b} with {@code W} [out, in].
     *
     * @param output the name of the result
     */
    String linear(String x, float[] weight, float[] bias, int out, int in, String output) {
        return graph.namedNode("Gemm", output, List.of(x,
                graph.initializer("fc_weight", new long[] {out, in}, weight),
                graph.initializer("fc_bias", new long[] {out}, bias)), intValue("transB", 1));
    }

    /** @return whether the state dict has this key */
    boolean has(String key) {
        return weights.containsKey(key);
    }

    /** @return the shape of a tensor that must exist */
    int[] shape(String key) throws DeepfakeException {
        Tensor t = weights.get(key);
        if (t == null) {
            throw missing(key);
        }
        return t.shape();
    }

    /** Fetches a tensor of the given shape, marks it used, and returns its elements. */
    float[] take(String key, int... expectedShape) throws DeepfakeException {
        Tensor t = weights.get(key);
        if (t == null) {
            throw missing(key);
        }
        expect(Arrays.equals(t.shape(), expectedShape), key + " should have shape "
                + Arrays.toString(expectedShape) + ", has " + Arrays.toString(t.shape()));
        used.add(key);
        return t.toArray();
    }

    /** Refuses tensors that were not used and that {@code ignorable} does not accept. */
    void refuseLeftovers(Predicate<String> ignorable) throws DeepfakeException {
        List<String> leftovers = weights.keySet().stream()
                .filter(k -> !used.contains(k) && !ignorable.test(k))
                .sorted()
                .collect(Collectors.toList());
        expect(leftovers.isEmpty(), leftovers.size() + " tensors are not part of a " + family + ": "
                + leftovers.stream().limit(5).collect(Collectors.joining(", ")) + (leftovers.size() > 5 ? ", …" : ""));
    }

    DeepfakeException missing(String key) {
        return missing(source, family, key);
    }

    void expect(boolean condition, String problem) throws DeepfakeException {
        expect(condition, source, family, problem);
    }

    static DeepfakeException missing(String source, String family, String key) {
        return new DeepfakeException(ErrorCode.MODEL_INVALID, "Not a " + family + " state dict: " + source
                + ": the tensor " + key + " is missing. Check that the checkpoint is of this family and complete.");
    }

    static void expect(boolean condition, String source, String family, String problem) throws DeepfakeException {
        if (!condition) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Not a " + family + " state dict: " + source + ": "
                    + problem + ".");
        }
    }
}
