package dev.deepfake4j.models.efficientnet;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.torch.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The block structure of a lukemelas {@code efficientnet_pytorch} EfficientNet, read from a state dict's keys and
 * shapes: blocks {@code _blocks.<n>.} numbered through all stages, each with an optional 1×1 {@code _expand_conv}
 * (+{@code _bn0}), a depthwise {@code _depthwise_conv} (+{@code _bn1}), squeeze-excitation
 * {@code _se_reduce}/{@code _se_expand} and a 1×1 {@code _project_conv} (+{@code _bn2}); stem
 * {@code _conv_stem}/{@code _bn0}, head {@code _conv_head}/{@code _bn1}.
 *
 * <p>Stages and strides are not in the weights. The blocks are numbered without stage, so a stage is recognised
 * where a block differs from the previous one in output channels, kernel size or whether it expands (each of the
 * seven stages of the EfficientNet block table differs from the one before in at least one of these, also for
 * narrowed variants); exactly seven stages must be found. The first block of a stage strides as the table says
 * (1, 2, 2, 2, 1, 2, 1, 0-based stages), the others 1. A block adds its input back when it is not the first of
 * its stage and keeps the channel count: efficientnet_pytorch tests {@code stride == 1} on the block arguments,
 * where the first block of a stage holds its stride as a one-element list (never equal to 1) and the repeats an
 * integer, so a stage's first block never adds its input, even with stride 1 and equal channel counts (as in
 * narrowed variants' first block).
 *
 * <p>Immutable and thread-safe.
 *
 * @param stemChannels output channels of the stride-2 3×3 stem
 * @param blocks every block in execution order
 * @param features channels of the 1×1 head convolution, i.e. of the pooled feature vector
 */
public record EfficientNetPytorchArchitecture(int stemChannels, List<Block> blocks, int features) {
    private static final Pattern BLOCK_KEY = Pattern.compile("^_blocks\\.(\\d+)\\.");

    /**
     * One mobile inverted bottleneck block.
     *
     * @param index position in {@code _blocks}
     * @param stage 0-based stage (0 … 6)
     * @param expands whether it has the 1×1 expansion ({@code _expand_conv})
     * @param inChannels input channels
     * @param midChannels channels of the depthwise convolution
     * @param outChannels output channels
     * @param kernel depthwise kernel side in pixels
     * @param stride depthwise stride
     * @param seChannels squeeze-excitation width, 0 when the block has none
     * @param residual whether the input is added to the output
     */
    public record Block(int index, int stage, boolean expands, int inChannels, int midChannels, int outChannels,
            int kernel, int stride, int seChannels, boolean residual) {

        /** @return the key prefix of the block within the backbone, e.g. {@code _blocks.6.} */
        public String prefix() {
            return "_blocks." + index + ".";
        }
    }

    /** Copies the block list. */
    public EfficientNetPytorchArchitecture {
        blocks = List.copyOf(blocks);
    }

    /** @return the index of the last block of a 0-based stage */
    public int lastBlockOfStage(int stage) {
        int last = -1;
        for (Block b : blocks) {
            if (b.stage() == stage) {
                last = b.index();
            }
        }
        return last;
    }

    /**
     * Reads the structure of the backbone under {@code prefix}.
     *
     * @param weights parameter name → tensor
     * @param prefix the backbone's key prefix, e.g. {@code efficientnet.} (empty for a bare backbone)
     * @param source the checkpoint's name, for messages
     * @param family what the state dict should be, for messages
     * @return the structure
     * @throws DeepfakeException {@link ErrorCode#MODEL_INVALID} naming the first key or shape that disagrees
     */
    public static EfficientNetPytorchArchitecture of(Map<String, Tensor> weights, String prefix, String source,
            String family) throws DeepfakeException {
        Reader r = new Reader(weights, prefix, source, family);
        int[] stem = r.shape("_conv_stem.weight");
        r.expect(stem.length == 4 && stem[1] == 3 && stem[2] == 3 && stem[3] == 3,
                prefix + "_conv_stem.weight should be [C, 3, 3, 3], is " + Arrays.toString(stem));
        int[] head = r.shape("_conv_head.weight");
        r.expect(head.length == 4 && head[2] == 1 && head[3] == 1,
                prefix + "_conv_head.weight should be [F, C, 1, 1], is " + Arrays.toString(head));
        TreeSet<Integer> indices = new TreeSet<>();
        for (String key : weights.keySet()) {
            if (key.startsWith(prefix)) {
                Matcher m = BLOCK_KEY.matcher(key.substring(prefix.length()));
                if (m.find()) {
                    indices.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        r.expect(!indices.isEmpty(), "there is no " + prefix + "_blocks.0.");
        r.expect(indices.last() == indices.size() - 1, prefix + "_blocks are not numbered 0 … n-1: " + indices);
        List<Block> blocks = new ArrayList<>();
        int channels = stem[0];
        int stage = -1;
        Block previous = null;
        for (int index : indices) {
            Block b = r.block(index, channels);
            boolean newStage = previous == null || b.outChannels() != previous.outChannels()
                    || b.kernel() != previous.kernel() || b.expands() != previous.expands();
            if (newStage) {
                stage++;
                r.expect(stage < EfficientNetArchitecture.STAGE_STRIDES.length, prefix + b.prefix()
                        + " would start an eighth stage; an EfficientNet has seven");
            }
            int stride = newStage ? EfficientNetArchitecture.STAGE_STRIDES[stage] : 1;
            b = new Block(index, stage, b.expands(), b.inChannels(), b.midChannels(), b.outChannels(), b.kernel(),
                    stride, b.seChannels(), !newStage && b.inChannels() == b.outChannels());
            blocks.add(b);
            channels = b.outChannels();
            previous = b;
        }
        r.expect(stage == EfficientNetArchitecture.STAGE_STRIDES.length - 1, "the blocks " + prefix
                + "_blocks.* form " + (stage + 1) + " stages; an EfficientNet has seven");
        r.expect(head[1] == channels, prefix + "_conv_head.weight takes " + head[1]
                + " channels but the last block gives " + channels);
        return new EfficientNetPytorchArchitecture(stem[0], blocks, head[0]);
    }

    /** Shape checks over one backbone. */
    private record Reader(Map<String, Tensor> weights, String prefix, String source, String family) {
        Block block(int index, int in) throws DeepfakeException {
            String p = prefix + "_blocks." + index + ".";
            boolean expands = weights.containsKey(p + "_expand_conv.weight");
            int mid = in;
            if (expands) {
                int[] e = shape("_blocks." + index + "._expand_conv.weight");
                expect(e.length == 4 && e[1] == in && e[2] == 1 && e[3] == 1, p + "_expand_conv.weight should be [C, "
                        + in + ", 1, 1], is " + Arrays.toString(e));
                mid = e[0];
            }
            int[] dw = shape("_blocks." + index + "._depthwise_conv.weight");
            expect(dw.length == 4 && dw[0] == mid && dw[1] == 1 && dw[2] == dw[3] && dw[2] % 2 == 1,
                    p + "_depthwise_conv.weight should be a depthwise [" + mid + ", 1, k, k] with odd k, is "
                    + Arrays.toString(dw));
            int se = weights.containsKey(p + "_se_reduce.weight")
                    ? shape("_blocks." + index + "._se_reduce.weight")[0] : 0;
            int[] pw = shape("_blocks." + index + "._project_conv.weight");
            expect(pw.length == 4 && pw[1] == mid && pw[2] == 1 && pw[3] == 1, p + "_project_conv.weight should be "
                    + "[C, " + mid + ", 1, 1], is " + Arrays.toString(pw));
            return new Block(index, -1, expands, in, mid, pw[0], dw[2], 1, se, false);
        }

        int[] shape(String key) throws DeepfakeException {
            Tensor t = weights.get(prefix + key);
            if (t == null) {
                throw EfficientNetGraph.missing(source, family, prefix + key);
            }
            return t.shape();
        }

        void expect(boolean condition, String problem) throws DeepfakeException {
            EfficientNetGraph.expect(condition, source, family, problem);
        }
    }
}
