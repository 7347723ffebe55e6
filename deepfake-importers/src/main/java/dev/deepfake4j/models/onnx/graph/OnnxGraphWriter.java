package dev.deepfake4j.models.onnx.graph;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an ONNX graph of float32 tensors node by node: weights become initializers, every node's output gets a
 * fresh name ({@code <hint>_<n>}, numbered in the order of the calls, so the same calls give the same bytes), and
 * {@link #toModelBytes} serialises the model at opset {@value #OPSET}.
 *
 * <p>Not thread-safe; one instance writes one model.
 */
public final class OnnxGraphWriter {
    /** Opset 13: it has every operator the importers use, and every ONNX Runtime since 1.7 runs it. */
    public static final int OPSET = 13;
    /** The IR version that goes with opset 13. */
    public static final long IR_VERSION = 7;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private int nextId;

    /**
     * @param graphName the graph's name in the model
     */
    public OnnxGraphWriter(String graphName) {
        graph.setName(graphName);
    }

    /**
     * Declares a float32 graph input whose first dimension is the symbolic batch size.
     *
     * @param name the input's name
     * @param fixedDims the dimensions after the batch dimension
     * @return {@code name}
     */
    public String batchInput(String name, long... fixedDims) {
        graph.addInput(valueInfo(name, fixedDims));
        return name;
    }

    /**
     * Declares an existing value as a float32 graph output whose first dimension is the symbolic batch size.
     *
     * @param name the value's name
     * @param fixedDims the dimensions after the batch dimension
     */
    public void batchOutput(String name, long... fixedDims) {
        graph.addOutput(valueInfo(name, fixedDims));
    }

    /**
     * Adds a float32 constant.
     *
     * @param hint what the constant is, for its name
     * @param dims its shape
     * @param values its elements in row-major order; not kept
     * @return the constant's name
     * @throws IllegalArgumentException if the shape does not hold exactly {@code values.length} elements
     */
    public String initializer(String hint, long[] dims, float[] values) {
        long count = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        if (count != values.length) {
            throw new IllegalArgumentException(hint + ": shape " + Arrays.toString(dims) + " needs " + count
                    + " values, got " + values.length);
        }
        // raw_data is little-endian on every platform; the array is ours alone, so wrapping it saves a second copy
        // of large weights.
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        String name = freshName(hint);
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

    /**
     * Adds a node with one output, named after its operator.
     *
     * @param opType the ONNX operator, e.g. {@code Conv}
     * @param inputs its inputs in the operator's order
     * @param attributes its attributes
     * @return the name of its output
     */
    public String node(String opType, List<String> inputs, OnnxMl.AttributeProto... attributes) {
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
    public String namedNode(String opType, String output, List<String> inputs, OnnxMl.AttributeProto... attributes) {
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
     * Serialises the model without a producer version.
     *
     * @param docString what the model is and where its weights came from
     * @return the serialised {@code ModelProto}
     */
    public byte[] toModelBytes(String docString) {
        return model(docString).build().toByteArray();
    }

    /**
     * Serialises the model.
     *
     * @param producerVersion the version written as the model's producer version
     * @param docString what the model is and where its weights came from
     * @return the serialised {@code ModelProto}
     */
    public byte[] toModelBytes(String producerVersion, String docString) {
        return model(docString).setProducerVersion(producerVersion).build().toByteArray();
    }

    /**
     * @param name the attribute's name
     * @param values its values
     * @return an {@code INTS} attribute
     */
    public static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /**
     * @param name the attribute's name
     * @param value its value
     * @return an {@code INT} attribute
     */
    public static OnnxMl.AttributeProto intValue(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    /**
     * @param name the attribute's name
     * @param value its value
     * @return a {@code FLOAT} attribute
     */
    public static OnnxMl.AttributeProto floatValue(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    private OnnxMl.ModelProto.Builder model(String docString) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("deepfake4j")
                .setDocString(docString)
                .setGraph(graph);
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
