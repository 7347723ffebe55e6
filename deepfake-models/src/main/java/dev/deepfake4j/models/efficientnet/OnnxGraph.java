package dev.deepfake4j.models.efficientnet;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes an ONNX graph of float32 tensors node by node: weights become initializers, every node's output gets a
 * fresh name, and {@link #toModelBytes} serialises the model.
 *
 * <p>Not thread-safe; one instance makes one model.
 */
final class OnnxGraph {
    /** Opset 13: every operator used here, and every ONNX Runtime since 1.7 runs it. */
    static final int OPSET = 13;
    /** The IR version that goes with opset 13. */
    static final long IR_VERSION = 7;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private int nextId;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** Declares a float32 input whose first dimension is the symbolic batch size. */
    void batchInput(String name, long... fixedDims) {
        graph.addInput(valueInfo(name, fixedDims));
    }

    /** Declares an existing value as a float32 output whose first dimension is the symbolic batch size. */
    void batchOutput(String name, long... fixedDims) {
        graph.addOutput(valueInfo(name, fixedDims));
    }

    /**
     * Adds a float32 constant.
     *
     * @param hint what it is, for its name
     * @param dims its shape
     * @param values row-major elements; not kept
     * @return its name
     */
    String initializer(String hint, long[] dims, float[] values) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(hint + ": " + count + " elements expected, got " + values.length);
        }
        // raw_data is little-endian on every platform; wrapping avoids a second copy of large weights.
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        String name = fresh(hint);
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(UnsafeByteOperations.unsafeWrap(raw.array()));
        for (long d : dims) {
            tensor.addDims(d);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /** Adds a node with one output named after its operator; returns that output's name. */
    String node(String opType, List<String> inputs, OnnxMl.AttributeProto... attributes) {
        return namedNode(opType, fresh(opType), inputs, attributes);
    }

    /** Adds a node with one output whose name the caller chooses (for graph outputs); returns it. */
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

    /** @return the serialised {@code ModelProto} */
    byte[] toModelBytes(String docString) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("deepfake4j")
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

    private String fresh(String hint) {
        return hint + "_" + nextId++;
    }
}
