package dev.deepfake4j.models.onnx;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceCrop;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a model's attention output ({@code [batch, 1, h, w]}, e.g. ICPR 2020 AutoAtt's sigmoid map after block 9)
 * into one {@link SensitivityMap} per crop: cell {@code (x, y)} covers the crop pixels of that cell of an
 * {@code h × w} grid laid over it, so a 28×28 map over a 224-pixel crop has 8-pixel cells. Stateless.
 */
final class AttentionMaps {
    /** {@link SensitivityMap#method()} of these maps. */
    static final String METHOD = "attention";

    private AttentionMaps() {
    }

    /**
     * @param output the output tensor's values, {@code batch × 1 × h × w} (read from its position)
     * @param shape its shape
     * @param crops the crops it was computed for, the first {@code crops.size()} rows
     * @param model the model's description, for messages
     * @param millis the run's time, shared evenly among the maps
     * @return one map per crop, in order
     * @throws DeepfakeException {@code BACKEND_FAILURE} when the shape is not {@code [batch, 1, h, w]}
     */
    static List<SensitivityMap> of(FloatBuffer output, long[] shape, List<FaceCrop> crops, String model,
            double millis) throws DeepfakeException {
        if (shape.length != 4 || shape[1] != 1 || shape[0] < crops.size() || shape[2] < 1 || shape[3] < 1) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Model " + model + ": the attention output has "
                    + "shape " + java.util.Arrays.toString(shape) + ", not [batch, 1, h, w]");
        }
        int rows = (int) shape[2];
        int cols = (int) shape[3];
        List<SensitivityMap> maps = new ArrayList<>(crops.size());
        for (int i = 0; i < crops.size(); i++) {
            FaceCrop crop = crops.get(i);
            float[] values = new float[rows * cols];
            output.get(values);
            int stride = Math.max(1, Math.min(crop.width() / cols, crop.height() / rows));
            int patch = Math.max(stride, (int) Math.ceil(Math.max((double) crop.width() / cols,
                    (double) crop.height() / rows)));
            maps.add(new SensitivityMap(METHOD, crop.width(), crop.height(), cols, rows, patch, stride, values,
                    Double.NaN, 0, millis / crops.size()));
        }
        return maps;
    }
}
