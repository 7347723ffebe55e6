package dev.deepfake4j.models.keras;

import static dev.deepfake4j.models.onnx.graph.OnnxGraphWriter.floatValue;
import static dev.deepfake4j.models.onnx.graph.OnnxGraphWriter.intValue;
import static dev.deepfake4j.models.onnx.graph.OnnxGraphWriter.ints;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.models.onnx.graph.OnnxGraphWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the weighted layers of a MesoNet Keras file into the equivalent ONNX graph, checking every layer's kind
 * and shape against the architecture of the authors' {@code classifiers.py} as it goes.
 *
 * <p>The graph runs in NCHW. Keras runs in NHWC, which matters in two places only: kernels are stored HWIO (ONNX
 * wants OIHW), and {@code Flatten} orders features height, width, channel, so the graph transposes to NHWC just
 * before flattening.
 *
 * <p>One instance builds one graph; not thread-safe.
 */
final class MesoNetGraph {
    /** Keras' default {@code BatchNormalization} epsilon; weights-only files do not store the layer config. */
    static final float KERAS_BATCH_NORM_EPSILON = 1e-3f;
    /** The slope of MesoNet's {@code LeakyReLU(alpha=0.1)} after the first dense layer. */
    static final float LEAKY_RELU_ALPHA = 0.1f;

    private final Path file;
    private final Architecture architecture;
    private final List<KerasWeightsFile.Layer> layers;
    private final OnnxGraphWriter graph;
    private int nextLayer;

    private record Conv(String layer, int kernel, int in, int out, float[] kernelOihw, float[] bias) {
    }

    private record BatchNorm(String layer, float[] gamma, float[] beta, float[] mean, float[] variance) {
    }

    private record Dense(String layer, int in, int out, float[] kernel, float[] bias) {
    }

    private MesoNetGraph(Path file, Architecture architecture, List<KerasWeightsFile.Layer> layers) {
        this.file = file;
        this.architecture = architecture;
        this.layers = layers;
        this.graph = new OnnxGraphWriter(architecture.displayName());
    }

    /**
     * @param file the HDF5 file the layers came from, for messages
     * @param architecture the network the layers must form
     * @param layers the file's weighted layers in Keras' load order
     * @return the serialised ONNX model
     * @throws DeepfakeException {@code MODEL_INVALID} when a layer is missing, extra, or of the wrong kind or shape
     */
    static byte[] build(Path file, Architecture architecture, List<KerasWeightsFile.Layer> layers)
            throws DeepfakeException {
        return new MesoNetGraph(file, architecture, layers).build();
    }

    private byte[] build() throws DeepfakeException {
        long convLayers = layers.stream().filter(KerasWeightsFile.Layer::isConv2D).count();
        if (convLayers != architecture.convLayerCount()) {
            throw KerasWeightsFile.invalid(file, "it holds " + convLayers + " Conv2D layers but "
                    + architecture.displayName() + " has " + architecture.convLayerCount()
                    + "; is it a weights file of the other MesoNet architecture?", null);
        }
        String x = graph.batchInput(MesoNetImporter.INPUT_NAME, 3, MesoNetImporter.INPUT_SIZE,
                MesoNetImporter.INPUT_SIZE);
        int size = MesoNetImporter.INPUT_SIZE;
        int channels;
        if (architecture == Architecture.MESO4) {
            // classifiers.py Meso4: Conv(8,3x3), Conv(8,5x5), Conv(16,5x5), Conv(16,5x5); pools 2, 2, 2, 4.
            x = convBlock(x, nextConv(3, 3, 8), 1);
            x = maxPoolSame(x, 2, size);
            size = pooledSize(size, 2);
            x = convBlock(x, nextConv(5, 8, 8), 1);
            x = maxPoolSame(x, 2, size);
            size = pooledSize(size, 2);
        } else {
            // classifiers.py MesoInception4: InceptionLayer(1, 4, 4, 2) then InceptionLayer(2, 4, 4, 2).
            x = inception(x, 3, 1, 4, 4, 2);
            x = batchNorm(x, nextBatchNorm(11));
            x = maxPoolSame(x, 2, size);
            size = pooledSize(size, 2);
            x = inception(x, 11, 2, 4, 4, 2);
            x = batchNorm(x, nextBatchNorm(12));
            x = maxPoolSame(x, 2, size);
            size = pooledSize(size, 2);
        }
        channels = architecture == Architecture.MESO4 ? 8 : 12;
        x = convBlock(x, nextConv(5, channels, 16), 1);
        x = maxPoolSame(x, 2, size);
        size = pooledSize(size, 2);
        x = convBlock(x, nextConv(5, 16, 16), 1);
        x = maxPoolSame(x, 4, size);
        size = pooledSize(size, 4);
        channels = 16;

        x = graph.node("Transpose", List.of(x), ints("perm", 0, 2, 3, 1));
        x = graph.node("Flatten", List.of(x), intValue("axis", 1));
        x = dense(x, nextDense(size * size * channels, 16));
        // The Meso4 files list no leaky_re_lu layer (the MesoInception files do); classifiers.py and the
        // maintainers' Keras-TF reference apply LeakyReLU in both, and so does this graph.
        x = graph.node("LeakyRelu", List.of(x), floatValue("alpha", LEAKY_RELU_ALPHA));
        // Dropout layers sit here in Keras; they are the identity at inference.
        x = dense(x, nextDense(16, 1));
        graph.namedNode("Sigmoid", MesoNetImporter.OUTPUT_NAME, List.of(x));
        graph.batchOutput(MesoNetImporter.OUTPUT_NAME, 1);
        if (nextLayer != layers.size()) {
            throw layout("weighted layer " + (nextLayer + 1) + " ('" + layers.get(nextLayer).name()
                    + "') is one more than " + architecture.displayName() + " has");
        }
        String version = MesoNetImporter.class.getPackage().getImplementationVersion();
        return graph.toModelBytes(version == null ? "dev" : version,
                architecture.displayName() + " (Afchar et al., WIFS 2018) imported from the Keras weights file "
                        + file.getFileName() + ". Input 'input': float32 [N,3,256,256] RGB in [0,1]."
                        + " Output 'prob_real': [N,1], the probability that the face is real.");
    }

    /** Conv2D(same) with ReLU, then BatchNormalization: the first half of every MesoNet block. */
    private String convBlock(String x, Conv conv, int dilation) throws DeepfakeException {
        String y = convRelu(x, conv, dilation);
        return batchNorm(y, nextBatchNorm(conv.out()));
    }

    /**
     * One inception block. Keras lists its layers (and so its weights) with the first layer of each of the
     * three two-layer branches first, then the single 1x1 branch, then the second layers of the three branches.
     */
    private String inception(String x, int in, int a, int b, int c, int d) throws DeepfakeException {
        Conv reduce2 = nextConv(1, in, b);
        Conv reduce3 = nextConv(1, in, c);
        Conv reduce4 = nextConv(1, in, d);
        Conv branch1 = nextConv(1, in, a);
        Conv branch2 = nextConv(3, b, b);
        Conv branch3 = nextConv(3, c, c);
        Conv branch4 = nextConv(3, d, d);
        String y1 = convRelu(x, branch1, 1);
        String y2 = convRelu(convRelu(x, reduce2, 1), branch2, 1);
        String y3 = convRelu(convRelu(x, reduce3, 1), branch3, 2);
        String y4 = convRelu(convRelu(x, reduce4, 1), branch4, 3);
        return graph.node("Concat", List.of(y1, y2, y3, y4), intValue("axis", 1));
    }

    private String convRelu(String x, Conv conv, int dilation) {
        // Keras 'same' at stride 1: total padding dilation*(k-1), the odd pixel (if any) at the end, as in TF.
        int total = dilation * (conv.kernel() - 1);
        int begin = total / 2;
        int end = total - begin;
        String w = graph.initializer(conv.layer() + "_kernel",
                new long[] {conv.out(), conv.in(), conv.kernel(), conv.kernel()}, conv.kernelOihw());
        String bias = graph.initializer(conv.layer() + "_bias", new long[] {conv.out()}, conv.bias());
        String y = graph.node("Conv", List.of(x, w, bias),
                ints("kernel_shape", conv.kernel(), conv.kernel()),
                ints("dilations", dilation, dilation),
                ints("strides", 1, 1),
                ints("pads", begin, begin, end, end));
        return graph.node("Relu", List.of(y));
    }

    private String batchNorm(String x, BatchNorm bn) {
        long[] dims = {bn.gamma().length};
        String gamma = graph.initializer(bn.layer() + "_gamma", dims, bn.gamma());
        String beta = graph.initializer(bn.layer() + "_beta", dims, bn.beta());
        String mean = graph.initializer(bn.layer() + "_moving_mean", dims, bn.mean());
        String variance = graph.initializer(bn.layer() + "_moving_variance", dims, bn.variance());
        return graph.node("BatchNormalization", List.of(x, gamma, beta, mean, variance),
                floatValue("epsilon", KERAS_BATCH_NORM_EPSILON));
    }

    /**
     * MaxPooling2D(pool, padding='same') on a square map of {@code inSize} pixels: TF pads so that the output is
     * ceil(in / pool), the odd pixel at the end; padded cells never win a max.
     */
    private String maxPoolSame(String x, int pool, int inSize) {
        int out = pooledSize(inSize, pool);
        int total = Math.max((out - 1) * pool + pool - inSize, 0);
        int begin = total / 2;
        int end = total - begin;
        return graph.node("MaxPool", List.of(x),
                ints("kernel_shape", pool, pool),
                ints("strides", pool, pool),
                ints("pads", begin, begin, end, end));
    }

    private static int pooledSize(int inSize, int pool) {
        return (inSize + pool - 1) / pool;
    }

    private String dense(String x, Dense dense) {
        String w = graph.initializer(dense.layer() + "_kernel", new long[] {dense.in(), dense.out()}, dense.kernel());
        String bias = graph.initializer(dense.layer() + "_bias", new long[] {dense.out()}, dense.bias());
        return graph.node("Gemm", List.of(x, w, bias));
    }

    private Conv nextConv(int kernel, int in, int out) throws DeepfakeException {
        String expected = "a Conv2D with a " + kernel + "x" + kernel + "x" + in + "x" + out + " kernel";
        KerasWeightsFile.Layer layer = nextLayer(expected);
        KerasWeightsFile.Tensor k = requireWeight(layer, "kernel:0", expected, kernel, kernel, in, out);
        KerasWeightsFile.Tensor b = requireWeight(layer, "bias:0", expected, out);
        return new Conv(layer.name(), kernel, in, out, hwioToOihw(k.values(), kernel, kernel, in, out), b.values());
    }

    private BatchNorm nextBatchNorm(int channels) throws DeepfakeException {
        String expected = "a BatchNormalization over " + channels + " channels";
        KerasWeightsFile.Layer layer = nextLayer(expected);
        float[] variance = requireWeight(layer, "moving_variance:0", expected, channels).values();
        for (float v : variance) {
            if (v < 0) {
                throw layout("layer '" + layer.name() + "' has a negative moving variance (" + v + ")");
            }
        }
        return new BatchNorm(layer.name(),
                requireWeight(layer, "gamma:0", expected, channels).values(),
                requireWeight(layer, "beta:0", expected, channels).values(),
                requireWeight(layer, "moving_mean:0", expected, channels).values(),
                variance);
    }

    private Dense nextDense(int in, int out) throws DeepfakeException {
        String expected = "a Dense layer with a " + in + "x" + out + " kernel";
        KerasWeightsFile.Layer layer = nextLayer(expected);
        KerasWeightsFile.Tensor k = requireWeight(layer, "kernel:0", expected, in, out);
        KerasWeightsFile.Tensor b = requireWeight(layer, "bias:0", expected, out);
        return new Dense(layer.name(), in, out, k.values(), b.values());
    }

    private KerasWeightsFile.Layer nextLayer(String expected) throws DeepfakeException {
        if (nextLayer >= layers.size()) {
            throw layout("it has only " + layers.size() + " weighted layers; weighted layer " + (nextLayer + 1)
                    + " should be " + expected);
        }
        return layers.get(nextLayer++);
    }

    private KerasWeightsFile.Tensor requireWeight(KerasWeightsFile.Layer layer, String role, String expected,
            int... shape) throws DeepfakeException {
        KerasWeightsFile.Tensor t = layer.weight(role);
        if (t == null) {
            throw layout("weighted layer " + nextLayer + " ('" + layer.name() + "') should be " + expected
                    + " but has no '" + role + "' weight (it has " + layer.weights().stream()
                            .map(KerasWeightsFile.Tensor::role).toList() + ")");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw layout("weighted layer " + nextLayer + " ('" + layer.name() + "') should be " + expected
                    + " but its '" + role + "' has shape " + t.shapeText() + " instead of " + Arrays.toString(shape));
        }
        return t;
    }

    private DeepfakeException layout(String what) {
        return KerasWeightsFile.invalid(file, "it does not have the " + architecture.displayName()
                + " layer layout: " + what, null);
    }

    /** Keras stores kernels as [height][width][in][out]; ONNX Conv wants [out][in][height][width]. */
    private static float[] hwioToOihw(float[] hwio, int kh, int kw, int in, int out) {
        float[] oihw = new float[hwio.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        oihw[((o * in + i) * kh + h) * kw + w] = hwio[((h * kw + w) * in + i) * out + o];
                    }
                }
            }
        }
        return oihw;
    }
}
