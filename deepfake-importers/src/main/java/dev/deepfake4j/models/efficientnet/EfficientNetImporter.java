package dev.deepfake4j.models.efficientnet;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.onnx.graph.OnnxGraphWriter;
import dev.deepfake4j.models.torch.Tensor;
import java.util.List;
import java.util.Map;

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

    /** Builds one graph over the shared {@link EfficientNetGraph} pieces. */
    private static final class Writer {
        private final EfficientNetGraph net;
        private final OnnxGraphWriter graph = new OnnxGraphWriter("dfdc_efficientnet");
        private final String source;
        private final int inputSize;
        /** Side of the current feature map in pixels. */
        private int size;

        Writer(Map<String, Tensor> weights, String source, int inputSize) {
            this.net = new EfficientNetGraph(graph, weights, source, EfficientNetArchitecture.FAMILY);
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
            String pooled = net.poolFlatten(x);
            float[] fcWeight = net.take("fc.weight", 1, arch.features());
            float[] fcBias = net.take("fc.bias", 1);
            net.linear(pooled, fcWeight, fcBias, 1, arch.features(), OUTPUT_NAME);
            graph.batchOutput(OUTPUT_NAME, 1);
            net.refuseLeftovers(Writer::ignorable);
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
            return net.squeezeExcite(x, p + "se.conv_reduce.", p + "se.conv_expand.", b.midChannels(),
                    b.seChannels());
        }

        /** A bias-free convolution with TF "same" padding for the current map, batch norm folded, optional SiLU. */
        private String convBn(String x, String weightKey, String bnPrefix, int stride, int groups, boolean act)
                throws DeepfakeException {
            int k = net.shape(weightKey)[net.shape(weightKey).length - 1];
            int[] pad = SamePadding.of(size, k, stride);
            size = SamePadding.outputSize(size, k, stride, pad[0], pad[1]);
            return net.convBn(x, weightKey, bnPrefix, BATCH_NORM_EPSILON, stride, groups,
                    new int[] {pad[0], pad[0], pad[1], pad[1]}, act);
        }

        private static boolean ignorable(String key) {
            return key.endsWith(".num_batches_tracked") || key.equals("encoder.classifier.weight")
                    || key.equals("encoder.classifier.bias");
        }
    }
}
