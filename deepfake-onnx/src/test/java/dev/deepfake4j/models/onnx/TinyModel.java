package dev.deepfake4j.models.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.deepfake4j.classify.InputSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a tiny ONNX classifier with known weights, so that its output can be worked out by hand: the input image
 * tensor is flattened and multiplied by a weight matrix, a bias is added, and optionally a sigmoid applied:
 * {@code out[n, k] = sum_i x[n, i] * W[i, k] + b[k]}. Weights are set by (channel, row, column) of the input, and
 * placed according to the layout, so a classifier that lays its tensor out wrongly reads the wrong weights.
 */
final class TinyModel {
    private final InputSpec.Layout layout;
    private final int width;
    private final int height;
    private final int classes;
    private final float[] weights;
    private final float[] bias;
    private boolean sigmoid;
    private boolean float16Input;
    private long batch = -1;
    private String inputName = "pixels";
    private String outputName = "score";

    private TinyModel(InputSpec.Layout layout, int width, int height, int classes) {
        this.layout = layout;
        this.width = width;
        this.height = height;
        this.classes = classes;
        this.weights = new float[3 * width * height * classes];
        this.bias = new float[classes];
    }

    static TinyModel of(InputSpec.Layout layout, int width, int height, int classes) {
        return new TinyModel(layout, width, height, classes);
    }

    /** Sets the weight of input element (channel, y, x) for output class k. */
    TinyModel weight(int channel, int y, int x, int k, float w) {
        int flat = layout == InputSpec.Layout.NCHW ? (channel * height + y) * width + x : (y * width + x) * 3 + channel;
        weights[flat * classes + k] = w;
        return this;
    }

    TinyModel bias(int k, float b) {
        bias[k] = b;
        return this;
    }

    TinyModel sigmoid() {
        this.sigmoid = true;
        return this;
    }

    TinyModel float16Input() {
        this.float16Input = true;
        return this;
    }

    TinyModel fixedBatch(long batch) {
        this.batch = batch;
        return this;
    }

    TinyModel names(String input, String output) {
        this.inputName = input;
        this.outputName = output;
        return this;
    }

    byte[] bytes() {
        int features = 3 * width * height;
        List<NodeProto> nodes = new ArrayList<>();
        String x = inputName;
        if (float16Input) {
            nodes.add(NodeProto.newBuilder().setOpType("Cast").addInput(x).addOutput("x32")
                    .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                            .setI(TensorProto.DataType.FLOAT.getNumber()))
                    .build());
            x = "x32";
        }
        nodes.add(NodeProto.newBuilder().setOpType("Flatten").addInput(x).addOutput("flat")
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                        .setI(1))
                .build());
        nodes.add(NodeProto.newBuilder().setOpType("MatMul").addInput("flat").addInput("W").addOutput("mm").build());
        String sum = sigmoid ? "z" : outputName;
        nodes.add(NodeProto.newBuilder().setOpType("Add").addInput("mm").addInput("b").addOutput(sum).build());
        if (sigmoid) {
            nodes.add(NodeProto.newBuilder().setOpType("Sigmoid").addInput("z").addOutput(outputName).build());
        }
        long[] inputShape = layout == InputSpec.Layout.NCHW
                ? new long[] {batch, 3, height, width}
                : new long[] {batch, height, width, 3};
        GraphProto graph = GraphProto.newBuilder()
                .setName("tiny")
                .addAllNode(nodes)
                .addInitializer(floatTensor("W", weights, features, classes))
                .addInitializer(floatTensor("b", bias, classes))
                .addInput(valueInfo(inputName, float16Input ? TensorProto.DataType.FLOAT16 : TensorProto.DataType.FLOAT,
                        inputShape))
                .addOutput(valueInfo(outputName, TensorProto.DataType.FLOAT, new long[] {batch, classes}))
                .build();
        return ModelProto.newBuilder()
                .setIrVersion(7)
                .setProducerName("deepfake4j-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static TensorProto floatTensor(String name, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long[] shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(d > 0 ? TensorShapeProto.Dimension.newBuilder().setDimValue(d)
                    : TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(s)))
                .build();
    }
}
