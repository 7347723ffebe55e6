package dev.deepfake4j.models.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes layers back in the layout Keras' {@code save_weights} uses (root {@code layer_names}, per-layer
 * {@code weight_names}, datasets under {@code layer/layer/}), so tests can make files with one thing changed.
 */
final class KerasFileWriter {
    private KerasFileWriter() {
    }

    static void write(Path file, List<KerasWeightsFile.Layer> layers) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("layer_names", layers.stream().map(KerasWeightsFile.Layer::name).toArray(String[]::new));
            for (KerasWeightsFile.Layer layer : layers) {
                WritableGroup group = hdf.putGroup(layer.name());
                group.putAttribute("weight_names",
                        layer.weights().stream().map(KerasWeightsFile.Tensor::name).toArray(String[]::new));
                WritableGroup inner = group.putGroup(layer.name());
                for (KerasWeightsFile.Tensor t : layer.weights()) {
                    inner.putDataset(t.role(), nested(t.values(), t.shape()));
                }
            }
        }
    }

    /** jhdf takes the dataset's shape from the nesting of a Java array. */
    private static Object nested(float[] flat, int[] shape) {
        Object array = Array.newInstance(float.class, shape);
        fill(array, flat, 0, shape, 0);
        return array;
    }

    private static int fill(Object array, float[] flat, int offset, int[] shape, int depth) {
        if (depth == shape.length - 1) {
            System.arraycopy(flat, offset, array, 0, shape[depth]);
            return offset + shape[depth];
        }
        for (int i = 0; i < shape[depth]; i++) {
            offset = fill(Array.get(array, i), flat, offset, shape, depth + 1);
        }
        return offset;
    }
}
