package dev.deepfake4j.models.efficientnet;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.torch.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The block structure of a timm {@code tf_efficientnet_*} encoder, read from a state dict's keys and shapes rather
 * than listed per variant: which blocks exist ({@code blocks.<stage>.<index>.}), their kind (a depthwise-separable
 * block has {@code conv_dw} and {@code conv_pw}; an inverted-residual block adds the expanding {@code conv_pw} and
 * projecting {@code conv_pwl}), channel counts, kernel size (from {@code conv_dw}'s shape) and squeeze-excitation
 * width.
 *
 * <p>Strides are not in the weights. Every EfficientNet has seven stages and only the first block of a stage may
 * stride; timm's arch definition ({@code ds_r1_k3_s1, ir_r2_k3_s2, ir_r2_k5_s2, ir_r3_k3_s2, ir_r3_k5_s1,
 * ir_r4_k5_s2, ir_r1_k3_s1}) gives stride 2 to stages 1, 2, 3 and 5 (0-based) and 1 to the others; the stem
 * strides 2, so a 380-pixel input ends at 12×12. A block adds its input back (residual) when it keeps the
 * resolution and channel count, as timm does.
 *
 * <p>Immutable and thread-safe.
 *
 * @param stemChannels output channels of the stride-2 3×3 stem convolution
 * @param blocks every block in execution order
 * @param features channels of the 1×1 head convolution, which global pooling turns into the feature vector
 */
public record EfficientNetArchitecture(int stemChannels, List<Block> blocks, int features) {

    /** Stride of each stage's first block (timm's EfficientNet arch definition); later blocks have stride 1. */
    static final int[] STAGE_STRIDES = {1, 2, 2, 2, 1, 2, 1};

    /** What the state dict should be, in messages. */
    static final String FAMILY = "tf_efficientnet DeepFakeClassifier";

    private static final Pattern BLOCK_KEY = Pattern.compile("^encoder\\.blocks\\.(\\d+)\\.(\\d+)\\.");
    /** (stem channels, head features, block count) of timm's tf_efficientnet_b0 … b7. */
    private static final int[][] VARIANTS = {
        {32, 1280, 16}, {32, 1280, 23}, {32, 1408, 23}, {40, 1536, 26},
        {48, 1792, 32}, {48, 2048, 39}, {56, 2304, 45}, {64, 2560, 55}};

    /** The two block kinds of EfficientNet. */
    public enum Kind {
        /** Depthwise k×k convolution, SE, pointwise projection (stage 0). */
        DEPTHWISE_SEPARABLE,
        /** Pointwise expansion, depthwise k×k convolution, SE, pointwise projection (stages 1–6). */
        INVERTED_RESIDUAL
    }

    /**
     * One block.
     *
     * @param stage 0-based stage
     * @param index 0-based position in its stage
     * @param kind its kind
     * @param inChannels input channels
     * @param midChannels channels of the depthwise convolution (the expanded width; equals inChannels for
     *        {@link Kind#DEPTHWISE_SEPARABLE})
     * @param outChannels output channels
     * @param kernel depthwise kernel size in pixels (3 or 5)
     * @param stride depthwise stride (1 or 2)
     * @param seChannels squeeze-excitation bottleneck width, 0 when the block has none
     * @param residual whether the block's input is added to its output
     */
    public record Block(int stage, int index, Kind kind, int inChannels, int midChannels, int outChannels,
            int kernel, int stride, int seChannels, boolean residual) {

        /** @return the key prefix of this block's tensors, e.g. {@code encoder.blocks.3.1.} */
        public String prefix() {
            return "encoder.blocks." + stage + "." + index + ".";
        }
    }

    /** Copies the block list. */
    public EfficientNetArchitecture {
        blocks = List.copyOf(blocks);
    }

    /** @return the number of blocks in each stage */
    public int[] repeats() {
        int[] repeats = new int[STAGE_STRIDES.length];
        blocks.forEach(b -> repeats[b.stage()]++);
        return repeats;
    }

    /**
     * @return the timm variant ({@code "b0"} … {@code "b7"}) whose stem width, head width and depth this matches,
     *         if any
     */
    public Optional<String> variant() {
        for (int i = 0; i < VARIANTS.length; i++) {
            if (VARIANTS[i][0] == stemChannels && VARIANTS[i][1] == features && VARIANTS[i][2] == blocks.size()) {
                return Optional.of("b" + i);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the structure of the {@code encoder.} of a DFDC {@code DeepFakeClassifier} state dict (keys without
     * {@code module.}).
     *
     * @param stateDict parameter name → tensor
     * @param source the checkpoint's name, for error messages
     * @return the structure
     * @throws DeepfakeException {@link ErrorCode#MODEL_INVALID} when the keys or shapes are not an EfficientNet's
     */
    public static EfficientNetArchitecture of(Map<String, Tensor> stateDict, String source)
            throws DeepfakeException {
        int[] stem = shape(stateDict, "encoder.conv_stem.weight", source);
        expect(stem.length == 4 && stem[1] == 3 && stem[2] == 3 && stem[3] == 3, source,
                "encoder.conv_stem.weight should be [C, 3, 3, 3], is " + Arrays.toString(stem));
        int[] head = shape(stateDict, "encoder.conv_head.weight", source);
        expect(head.length == 4 && head[2] == 1 && head[3] == 1, source,
                "encoder.conv_head.weight should be [F, C, 1, 1], is " + Arrays.toString(head));

        TreeMap<Integer, TreeSet<Integer>> stages = new TreeMap<>();
        for (String key : stateDict.keySet()) {
            Matcher m = BLOCK_KEY.matcher(key);
            if (m.find()) {
                stages.computeIfAbsent(Integer.parseInt(m.group(1)), s -> new TreeSet<>())
                        .add(Integer.parseInt(m.group(2)));
            }
        }
        expect(stages.size() == STAGE_STRIDES.length && stages.lastKey() == STAGE_STRIDES.length - 1, source,
                "an EfficientNet has stages encoder.blocks.0 … 6, this state dict has " + stages.keySet());
        List<Block> blocks = new ArrayList<>();
        int channels = stem[0];
        for (var stage : stages.entrySet()) {
            int s = stage.getKey();
            expect(stage.getValue().last() == stage.getValue().size() - 1, source,
                    "blocks of stage " + s + " are not numbered 0 … n-1: " + stage.getValue());
            for (int b : stage.getValue()) {
                Block block = block(stateDict, source, s, b, channels);
                blocks.add(block);
                channels = block.outChannels();
            }
        }
        expect(head[1] == channels, source, "encoder.conv_head.weight takes " + head[1]
                + " channels but the last block gives " + channels);
        return new EfficientNetArchitecture(stem[0], blocks, head[0]);
    }

    private static Block block(Map<String, Tensor> weights, String source, int stage, int index, int in)
            throws DeepfakeException {
        String p = "encoder.blocks." + stage + "." + index + ".";
        int stride = index == 0 ? STAGE_STRIDES[stage] : 1;
        int[] dw = shape(weights, p + "conv_dw.weight", source);
        expect(dw.length == 4 && dw[1] == 1 && dw[2] == dw[3] && dw[2] % 2 == 1, source,
                p + "conv_dw.weight should be a depthwise [C, 1, k, k] with odd k, is " + Arrays.toString(dw));
        int[] pw = shape(weights, p + "conv_pw.weight", source);
        expect(pw.length == 4 && pw[2] == 1 && pw[3] == 1, source,
                p + "conv_pw.weight should be [C, C', 1, 1], is " + Arrays.toString(pw));
        int se = weights.containsKey(p + "se.conv_reduce.weight")
                ? shape(weights, p + "se.conv_reduce.weight", source)[0] : 0;
        Kind kind;
        int mid;
        int out;
        if (weights.containsKey(p + "conv_pwl.weight")) {
            kind = Kind.INVERTED_RESIDUAL;
            mid = pw[0];
            expect(pw[1] == in, source, p + "conv_pw.weight takes " + pw[1] + " channels, the block gets " + in);
            int[] pwl = shape(weights, p + "conv_pwl.weight", source);
            expect(pwl.length == 4 && pwl[1] == mid && pwl[2] == 1 && pwl[3] == 1, source,
                    p + "conv_pwl.weight should be [C, " + mid + ", 1, 1], is " + Arrays.toString(pwl));
            out = pwl[0];
        } else {
            kind = Kind.DEPTHWISE_SEPARABLE;
            mid = in;
            expect(pw[1] == in, source, p + "conv_pw.weight takes " + pw[1] + " channels, the block gets " + in);
            out = pw[0];
        }
        expect(dw[0] == mid, source, p + "conv_dw.weight has " + dw[0] + " channels, expected " + mid);
        return new Block(stage, index, kind, in, mid, out, dw[2], stride, se, stride == 1 && in == out);
    }

    private static int[] shape(Map<String, Tensor> weights, String key, String source) throws DeepfakeException {
        Tensor t = weights.get(key);
        if (t == null) {
            throw missing(source, key);
        }
        return t.shape();
    }

    static DeepfakeException missing(String source, String key) {
        return EfficientNetGraph.missing(source, FAMILY, key);
    }

    static void expect(boolean condition, String source, String problem) throws DeepfakeException {
        EfficientNetGraph.expect(condition, source, FAMILY, problem);
    }
}
