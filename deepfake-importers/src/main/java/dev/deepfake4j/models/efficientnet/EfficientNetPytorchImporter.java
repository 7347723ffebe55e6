package dev.deepfake4j.models.efficientnet;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.onnx.graph.OnnxGraphWriter;
import dev.deepfake4j.models.torch.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Turns the state dict of an {@link EfficientNetPytorchDetector} — a lukemelas {@code efficientnet_pytorch}
 * EfficientNet followed by its detector's head — into an ONNX graph (opset 13) from {@value #INPUT_NAME}
 * {@code [batch, 3, size, size]} to {@value #LOGIT_NAME} {@code [batch, 1]} (single-logit heads) or
 * {@value #LOGITS_NAME} {@code [batch, 2]} (two-class heads, fake is index 1); AutoAtt detectors add
 * {@value #ATTENTION_NAME} {@code [batch, 1, h, w]}, the sigmoid attention map that multiplies the output of the
 * last block of stage 3 (28×28 at 224).
 *
 * <p>The graph follows efficientnet_pytorch's inference:
 * <ul>
 *   <li>padding by a {@link PaddingRule}; the DeepfakeBench stem is unpadded;</li>
 *   <li>batch norm (epsilon {@value #BATCH_NORM_EPSILON}) folded into the bias-free convolutions in double
 *       precision; the Siamese head's {@code BatchNorm1d} (epsilon {@value #BATCH_NORM_1D_EPSILON}) folded into
 *       the linear layer after it;</li>
 *   <li>swish as {@code x·sigmoid(x)}; squeeze-excitation; skip additions; dropout and drop-connect are the
 *       identity at inference and are left out.</li>
 * </ul>
 * Every tensor must be used except {@code num_batches_tracked} counters and the Siamese models' unused
 * {@code feat_ext.classifier.*}; a missing, misshapen or unexpected tensor is {@link ErrorCode#MODEL_INVALID}
 * naming it.
 *
 * <p>Memory: the ONNX model holds every weight once as float32 (≈71 MB for B4), and building it needs about
 * twice that on top of the state dict. Stateless and thread-safe.
 */
public final class EfficientNetPytorchImporter {
    /** Name of the graph input: float32 {@code [batch, 3, size, size]}, normalised RGB. */
    public static final String INPUT_NAME = "input";
    /** Name of the single-logit output: float32 {@code [batch, 1]}, the logit of "fake". */
    public static final String LOGIT_NAME = "logit";
    /** Name of the two-class output: float32 {@code [batch, 2]}; softmax index 1 is P(fake). */
    public static final String LOGITS_NAME = "logits";
    /** Name of the AutoAtt attention output: float32 {@code [batch, 1, h, w]} in (0, 1). */
    public static final String ATTENTION_NAME = "attention";
    /** Batch-norm epsilon of efficientnet_pytorch's BatchNorm2d layers. */
    public static final double BATCH_NORM_EPSILON = 1e-3;
    /** Epsilon of the Siamese head's {@code BatchNorm1d} (torch's default). */
    public static final double BATCH_NORM_1D_EPSILON = 1e-5;
    /** 0-based stage whose last block the AutoAtt branch follows (polimi: block 9 of B4, stage 3 1-based). */
    static final int ATTENTION_STAGE = 2;

    private EfficientNetPytorchImporter() {
    }

    /**
     * @param stateDict parameter name (without {@code module.}) → tensor
     * @param detector which detector the checkpoint is of
     * @param inputSize side of the square input in pixels (224 for ICPR 2020, 380 for SBI, 256 for DeepfakeBench)
     * @param padding the padding rule of the efficientnet_pytorch version the detector ran with
     * @param source the checkpoint's name, for messages and the model's doc string
     * @return the serialised ONNX model; the caller owns the array
     * @throws DeepfakeException {@link ErrorCode#MODEL_INVALID} when the state dict is not of that detector
     */
    public static byte[] toOnnx(Map<String, Tensor> stateDict, EfficientNetPytorchDetector detector, int inputSize,
            PaddingRule padding, String source) throws DeepfakeException {
        if (inputSize < 32 || inputSize > 2048) {
            throw new IllegalArgumentException("input size must be in 32..2048 pixels: " + inputSize);
        }
        EfficientNetPytorchArchitecture arch = EfficientNetPytorchArchitecture.of(stateDict,
                detector.backbonePrefix(), source, detector.family());
        return new Writer(stateDict, detector, inputSize, padding, source).write(arch);
    }

    /** Writes one graph, keeping the actual and the native (padding) size of the current feature map. */
    private static final class Writer {
        private final OnnxGraphWriter graph = new OnnxGraphWriter("efficientnet_pytorch");
        private final EfficientNetGraph net;
        private final EfficientNetPytorchDetector detector;
        private final String p;
        private final int inputSize;
        private final PaddingRule rule;
        private final String source;
        private int size;
        private int nativeSize = EfficientNetPytorchDetector.B4_NATIVE_SIZE;

        Writer(Map<String, Tensor> weights, EfficientNetPytorchDetector detector, int inputSize, PaddingRule rule,
                String source) {
            this.net = new EfficientNetGraph(graph, weights, source, detector.family());
            this.detector = detector;
            this.p = detector.backbonePrefix();
            this.inputSize = inputSize;
            this.size = inputSize;
            this.rule = rule;
            this.source = source;
        }

        byte[] write(EfficientNetPytorchArchitecture arch) throws DeepfakeException {
            graph.batchInput(INPUT_NAME, 3, inputSize, inputSize);
            String x = conv(INPUT_NAME, "_conv_stem.weight", "_bn0.", 3, 2, 1, true, detector.unpaddedStem());
            int attentionBlock = detector.attention() ? arch.lastBlockOfStage(ATTENTION_STAGE) : -1;
            String attention = null;
            int attentionSize = 0;
            for (EfficientNetPytorchArchitecture.Block b : arch.blocks()) {
                x = block(x, b);
                if (b.index() == attentionBlock) {
                    attention = graph.namedNode("Sigmoid", ATTENTION_NAME,
                            List.of(net.conv1x1WithBias(x, p + "attconv.", 1, b.outChannels())));
                    attentionSize = size;
                    x = graph.node("Mul", List.of(x, attention));
                }
            }
            x = conv(x, "_conv_head.weight", "_bn1.", 1, 1, 1, true, false);
            String features = net.poolFlatten(x);
            int f = arch.features();
            int classes = detector.classes();
            String cls = detector.classifierPrefix();
            float[] weight = net.take(cls + "weight", classes, f);
            float[] bias = net.take(cls + "bias", classes);
            if (detector.siamese()) {
                foldBatchNorm1d(weight, bias, classes, f);
            }
            String output = classes == 1 ? LOGIT_NAME : LOGITS_NAME;
            net.linear(features, weight, bias, classes, f, output);
            graph.batchOutput(output, classes);
            if (attention != null) {
                graph.batchOutput(ATTENTION_NAME, 1, attentionSize, attentionSize);
            }
            net.refuseLeftovers(this::ignorable);
            return graph.toModelBytes(detector.name() + " (efficientnet_pytorch, " + arch.blocks().size()
                    + " blocks, padding " + rule + ") imported from " + source + "; input normalised RGB "
                    + inputSize + "x" + inputSize + ", output " + output);
        }

        /** {@code W·(γ(x−μ)/√(σ²+ε) + β) + b} = {@code (W·diag(s))·x + (b + W·(β − μ·s))}, in double. */
        private void foldBatchNorm1d(float[] weight, float[] bias, int classes, int f) throws DeepfakeException {
            double[] scale = new double[f];
            float[] shift = net.batchNorm("classifier.0.", f, BATCH_NORM_1D_EPSILON, scale);
            for (int c = 0; c < classes; c++) {
                double b = bias[c];
                for (int i = 0; i < f; i++) {
                    double w = weight[c * f + i];
                    b += w * shift[i];
                    weight[c * f + i] = (float) (w * scale[i]);
                }
                bias[c] = (float) b;
            }
        }

        private String block(String input, EfficientNetPytorchArchitecture.Block b) throws DeepfakeException {
            String bp = b.prefix();
            String x = input;
            if (b.expands()) {
                x = conv(x, bp + "_expand_conv.weight", bp + "_bn0.", 1, 1, 1, true, false);
            }
            x = conv(x, bp + "_depthwise_conv.weight", bp + "_bn1.", b.kernel(), b.stride(), b.midChannels(), true,
                    false);
            if (b.seChannels() > 0) {
                x = net.squeezeExcite(x, p + bp + "_se_reduce.", p + bp + "_se_expand.", b.midChannels(),
                        b.seChannels());
            }
            x = conv(x, bp + "_project_conv.weight", bp + "_bn2.", 1, 1, 1, false, false);
            return b.residual() ? graph.node("Add", List.of(x, input)) : x;
        }

        /** A convolution of the backbone with its padding by the rule, batch norm folded, optional swish. */
        private String conv(String x, String weightKey, String bnKey, int kernel, int stride, int groups,
                boolean act, boolean unpadded) throws DeepfakeException {
            int[] pad = unpadded ? new int[] {0, 0}
                    : SamePadding.of(rule == PaddingRule.STATIC_FROM_NATIVE_SIZE ? nativeSize : size, kernel, stride);
            size = SamePadding.outputSize(size, kernel, stride, pad[0], pad[1]);
            net.expect(size > 0, p + weightKey + " gets a map smaller than its kernel at input " + inputSize);
            nativeSize = (nativeSize + stride - 1) / stride;
            return net.convBn(x, p + weightKey, p + bnKey, BATCH_NORM_EPSILON, stride, groups,
                    new int[] {pad[0], pad[0], pad[1], pad[1]}, act);
        }

        private boolean ignorable(String key) {
            return key.endsWith(".num_batches_tracked")
                    || detector.siamese() && key.startsWith("feat_ext.classifier.");
        }
    }
}
