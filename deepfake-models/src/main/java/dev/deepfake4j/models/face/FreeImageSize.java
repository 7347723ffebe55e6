package dev.deepfake4j.models.face;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Rewrites an ONNX model whose file fixes one image size (YuNet's {@code yunet_s_640_640.onnx} declares
 * {@code 1x3x640x640}) so that ONNX Runtime accepts any size: the image input's height and width and every output's
 * non-batch dimensions become named, free dimensions. The graph itself is left alone; this only helps a fully
 * convolutional network whose reshapes use {@code -1}, which is what OpenCV's {@code FaceDetectorYN} relies on too
 * when it runs the same file at other sizes. Stateless.
 */
final class FreeImageSize {
    private FreeImageSize() {
    }

    /**
     * @param model the ONNX file's bytes
     * @param inputName the 4-dimensional image input
     * @return the model's bytes with the input's dimensions 2 and 3 and the outputs' dimensions 1.. made free
     * @throws IllegalArgumentException when the bytes are not an ONNX model or it has no such 4-d input
     */
    static byte[] of(byte[] model, String inputName) {
        OnnxMl.ModelProto.Builder proto;
        try {
            proto = OnnxMl.ModelProto.parseFrom(model).toBuilder();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model (" + e.getMessage() + ")", e);
        }
        OnnxMl.GraphProto.Builder graph = proto.getGraphBuilder();
        boolean found = false;
        for (OnnxMl.ValueInfoProto.Builder input : graph.getInputBuilderList()) {
            if (input.getName().equals(inputName)) {
                OnnxMl.TensorShapeProto.Builder shape = input.getTypeBuilder().getTensorTypeBuilder()
                        .getShapeBuilder();
                if (shape.getDimCount() != 4) {
                    throw new IllegalArgumentException("input '" + inputName + "' has " + shape.getDimCount()
                            + " dimensions, not 4");
                }
                shape.getDimBuilder(2).setDimParam("height");
                shape.getDimBuilder(3).setDimParam("width");
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no input named '" + inputName + "'");
        }
        for (OnnxMl.ValueInfoProto.Builder output : graph.getOutputBuilderList()) {
            OnnxMl.TensorShapeProto.Builder shape = output.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
            for (int d = 1; d < shape.getDimCount(); d++) {
                shape.getDimBuilder(d).setDimParam(output.getName() + "_" + d);
            }
        }
        return proto.build().toByteArray();
    }
}
