package dev.deepfake4j.models.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.OutputSpec;
import java.util.Arrays;
import java.util.Map;

/**
 * What a classifier session's input and output look like, checked against its manifest when the session opens, so
 * that a mismatch is a {@link ErrorCode#MODEL_INVALID} error listing what the model has rather than a failure on
 * the first batch. Immutable.
 *
 * @param float16 whether the input tensor is float16 (else float32)
 * @param fixedBatch the model's fixed batch size, or -1 when its batch axis is dynamic
 * @param pinnedOutputWidth values per crop of a float32 output of shape [batch, k] with k fixed, which ONNX Runtime
 *        can write straight into a reused buffer; 0 when the output has another shape or type
 */
record SessionSignature(boolean float16, int fixedBatch, int pinnedOutputWidth) {

    /**
     * @param session the open session
     * @param manifest what the model should look like
     * @param modelDescription the model, named in messages
     * @return the signature
     * @throws DeepfakeException {@link ErrorCode#MODEL_INVALID} naming the mismatch and what the model has
     */
    static SessionSignature check(OrtSession session, ModelManifest manifest, String modelDescription)
            throws DeepfakeException {
        TensorInfo input = checkInput(session, manifest, modelDescription);
        long batchDim = input.getShape()[0];
        return new SessionSignature(input.type == OnnxJavaType.FLOAT16, batchDim > 0 ? (int) batchDim : -1,
                checkOutput(session, manifest, modelDescription));
    }

    private static TensorInfo checkInput(OrtSession session, ModelManifest manifest, String modelDescription)
            throws DeepfakeException {
        Map<String, NodeInfo> inputs;
        try {
            inputs = session.getInputInfo();
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Cannot read the inputs of " + modelDescription, e);
        }
        String name = manifest.inputName();
        NodeInfo node = inputs.get(name);
        if (node == null) {
            throw invalid(manifest, modelDescription, "the manifest's input.name '" + name + "' is not an input of"
                    + " the model; its inputs are " + inputs.keySet());
        }
        if (inputs.size() != 1) {
            throw invalid(manifest, modelDescription, "the model has inputs " + inputs.keySet()
                    + "; OnnxClassifier feeds exactly one");
        }
        if (!(node.getInfo() instanceof TensorInfo info)
                || (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.FLOAT16)) {
            throw invalid(manifest, modelDescription, "input '" + name + "' is " + node.getInfo()
                    + "; OnnxClassifier feeds float32 or float16 tensors");
        }
        InputSpec spec = manifest.inputSpec();
        long[] shape = info.getShape();
        long[] expected = spec.layout() == InputSpec.Layout.NCHW
                ? new long[] {-1, 3, spec.height(), spec.width()}
                : new long[] {-1, spec.height(), spec.width(), 3};
        boolean fits = shape.length == 4;
        for (int d = 1; fits && d < 4; d++) {
            fits = shape[d] <= 0 || shape[d] == expected[d];
        }
        if (!fits) {
            throw invalid(manifest, modelDescription, "input '" + name + "' has shape " + Arrays.toString(shape)
                    + " but the manifest says " + spec.width() + "x" + spec.height() + " (width x height) "
                    + spec.layout() + ", i.e. " + Arrays.toString(expected) + "; fix input.width, input.height or"
                    + " input.layout");
        }
        return info;
    }

    /** @return the pinned output width, 0 when the output cannot be pinned */
    private static int checkOutput(OrtSession session, ModelManifest manifest, String modelDescription)
            throws DeepfakeException {
        Map<String, NodeInfo> outputs;
        try {
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "Cannot read the outputs of " + modelDescription, e);
        }
        OutputSpec out = manifest.output();
        NodeInfo node = outputs.get(out.name());
        if (node == null) {
            throw invalid(manifest, modelDescription, "the manifest's output.name '" + out.name() + "' is not an"
                    + " output of the model; its outputs are " + outputs.keySet());
        }
        if (!(node.getInfo() instanceof TensorInfo info)
                || (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.FLOAT16)) {
            throw invalid(manifest, modelDescription, "output '" + out.name() + "' is " + node.getInfo()
                    + "; OnnxClassifier reads float32 or float16 tensors");
        }
        long[] shape = info.getShape();
        long classes = shape.length >= 2 ? shape[shape.length - 1] : 1;
        if (classes > 0 && out.index() >= classes) {
            throw invalid(manifest, modelDescription, "output.index " + out.index() + " is outside output '"
                    + out.name() + "' of shape " + Arrays.toString(shape));
        }
        if (out.kind() == OutputKind.SOFTMAX && (shape.length < 2 || classes == 1)) {
            throw invalid(manifest, modelDescription, "output.kind softmax needs at least 2 classes on the last"
                    + " axis, but output '" + out.name() + "' has shape " + Arrays.toString(shape)
                    + "; use logit or probability");
        }
        boolean pinnable = info.type == OnnxJavaType.FLOAT && shape.length == 2 && shape[1] > 0 && shape[1] <= 1 << 16;
        return pinnable ? (int) shape[1] : 0;
    }

    private static DeepfakeException invalid(ModelManifest manifest, String modelDescription, String problem) {
        return new DeepfakeException(ErrorCode.MODEL_INVALID, "Model " + modelDescription + " does not match"
                + " manifest " + manifest.name() + ": " + problem);
    }
}
