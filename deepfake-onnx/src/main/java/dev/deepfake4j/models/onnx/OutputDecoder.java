package dev.deepfake4j.models.onnx;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.OutputSpec;
import dev.deepfake4j.models.manifest.PositiveClass;
import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Turns a classifier's raw output tensor into probabilities of <em>fake</em>, as the manifest's output part says:
 * the value at {@code index} on the last axis of each crop's row, taken as is ({@link OutputKind#PROBABILITY}),
 * through the sigmoid ({@link OutputKind#LOGIT}) or through a softmax over the row ({@link OutputKind#SOFTMAX}),
 * clipped to [0, 1], and reported as {@code 1 - p} when the positive class is {@link PositiveClass#REAL}.
 *
 * <p>Immutable and thread-safe.
 */
final class OutputDecoder {
    private final OutputSpec output;
    private final String modelDescription;

    /**
     * @param output which value to read and how
     * @param modelDescription the model, named in error messages
     */
    OutputDecoder(OutputSpec output, String modelDescription) {
        this.output = Objects.requireNonNull(output, "output");
        this.modelDescription = Objects.requireNonNull(modelDescription, "modelDescription");
    }

    /**
     * Decodes the first {@code n} rows of a batch.
     *
     * @param scores the output tensor's values from its position to its limit: {@code batch} rows of equal length
     * @param batch rows in the tensor (a fixed-batch model's padding rows included)
     * @param n rows to decode, at most {@code batch}
     * @param out where the probabilities of fake go
     * @param outOffset index in {@code out} of row 0's probability (also numbers the crops in messages)
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when the tensor's size does not split into
     *         {@code batch} rows holding {@code index}, or a value is NaN
     */
    void decode(FloatBuffer scores, int batch, int n, float[] out, int outOffset) throws DeepfakeException {
        int total = scores.remaining();
        int index = output.index();
        if (total % batch != 0 || total / batch <= index) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Model " + modelDescription + ": output '"
                    + output.name() + "' has " + total + " values for " + batch + " crops; cannot read index "
                    + index + " per crop");
        }
        int perCrop = total / batch;
        for (int i = 0; i < n; i++) {
            int row = scores.position() + i * perCrop;
            double p = switch (output.kind()) {
                case PROBABILITY -> scores.get(row + index);
                case LOGIT -> sigmoid(scores.get(row + index));
                case SOFTMAX -> softmax(scores, row, perCrop, index);
            };
            if (Double.isNaN(p)) {
                throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Model " + modelDescription
                        + " produced NaN for crop " + (outOffset + i) + "; the model or its input is broken");
            }
            p = Math.max(0, Math.min(1, p));
            out[outOffset + i] = (float) (output.positive() == PositiveClass.REAL ? 1 - p : p);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double softmax(FloatBuffer scores, int row, int classes, int index) {
        // subtract the largest score so exp cannot overflow
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, scores.get(row + k));
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(scores.get(row + k) - max);
        }
        return Math.exp(scores.get(row + index) - max) / sum;
    }
}
