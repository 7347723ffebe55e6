package dev.deepfake4j.models.keras;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an ONNX graph of float32 tensors node by node: weights become initializers, every node gets a fresh
 * output name, and {@link #toModelBytes} serialises the finished model.
 *
 * <p>Not thread-safe; one builder makes one model.
 */
final class OnnxGraphBuilder {
    /** Opset 13 is old enough for every ONNX Runtime since 1.7 and has every operator the importer needs. */
    static final int OPSET = 13;
    /** IR version 7 is the one that goes with opset 13. */
    static final long IR_VERSION = 7;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private int nextId;

    /**
     * @param graphName the graph's name in the model
     */
    OnnxGraphBuilder(String graphName) {
        graph.setName(graphName);
    }

    /**
     * Declares a float32 graph input whose first dimension is the symbolic batch size.
     *
     * @param name the input's name
     * @param fixedDims the dimensions after the batch dimension
     * @return {@code name}
     */
    String batchInput(String name, long... fixedDims) {
        graph.addInput(valueInfo(name, fixedDims));
        return name;
    }

    /**
     * Declares an existing value as a float32 graph output whose first dimension is the symbolic batch size.
     *
     * @param name the value's name
     * @param fixedDims the dimensions after the batch dimension
     */
    void batchOutput(String name, long... fixedDims) {
        graph.addOutput(valueInfo(name, fixedDims));
    }

    /**
     * Adds a float32 constant.
     *
     * @param hint what the constant is, for its name
     * @param dims its shape
     * @param values its elements in row-major order
     * @return the constant's name
     */
    String initializer(String hint, long[] dims, float[] values) {
        long count = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        if (count != values.length) {
            throw new IllegalArgumentException(hint + ": shape " + Arrays.toString(dims) + " needs " + count
                    + " values, got " + values.length);
        }
        // ONNX raw_data is little-endian whatever the platform.
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        String name = freshName(hint);
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            tensor.addDims(d);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /**
     * Adds a node with one output, named after its operator.
     *
     * @param opType the ONNX operator, e.g. {@code Conv}
     * @param inputs its inputs in the operator's order
     * @param attributes its attributes
     * @return the name of its output
     */
    String node(String opType, List<String> inputs, OnnxMl.AttributeProto... attributes) {
        return namedNode(opType, freshName(opType), inputs, attributes);
    }

    /**
     * Adds a node with one output whose name the caller chooses (for graph outputs).
     *
     * @param opType the ONNX operator
     * @param output the name of its output
     * @param inputs its inputs in the operator's order
     * @param attributes its attributes
     * @return {@code output}
     */
    String namedNode(String opType, String output, List<String> inputs, OnnxMl.AttributeProto... attributes) {
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder()
                .setOpType(opType)
                .setName(output + "_node")
                .addAllInput(inputs)
                .addOutput(output);
        for (OnnxMl.AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
        return output;
    }

    /**
     * @param producerVersion the version written as the model's producer version
     * @param docString what the model is and where its weights came from
     * @return the serialised {@code ModelProto}
     */
    byte[] toModelBytes(String producerVersion, String docString) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("deepfake4j")
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static OnnxMl.AttributeProto intValue(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    static OnnxMl.AttributeProto floatValue(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long... fixedDims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : fixedDims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
                .build();
    }

    private String freshName(String hint) {
        return hint + "_" + nextId++;
    }
}
