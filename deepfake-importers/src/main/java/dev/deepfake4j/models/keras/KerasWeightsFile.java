package dev.deepfake4j.models.keras;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the layers that carry weights from a Keras 2 HDF5 weights file, in the order Keras' own
 * {@code load_weights} uses: the root attribute {@code layer_names}, then each layer group's attribute
 * {@code weight_names}, each naming a float32 dataset inside the group.
 *
 * <p>The whole file is read onto the heap before jhdf parses it, so that a file truncated or replaced while it is
 * being read cannot fault a memory mapping. Stateless and thread-safe.
 */
final class KerasWeightsFile {
    /** The MesoNet files are under 200 KiB; anything this big is not one and is not read into memory. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** No single MesoNet tensor has more than 16,384 elements; this bound stops absurd shapes early. */
    private static final long MAX_TENSOR_ELEMENTS = 4L * 1024 * 1024;

    private KerasWeightsFile() {
    }

    /** One float32 weight tensor of a layer, e.g. {@code conv2d_5/kernel:0} with shape [3, 3, 3, 8]. */
    record Tensor(String name, int[] shape, float[] values) {
        /** @return the last part of the name without the layer prefix, e.g. {@code kernel:0} */
        String role() {
            int slash = name.lastIndexOf('/');
            return slash < 0 ? name : name.substring(slash + 1);
        }

        String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /** One layer that has weights, e.g. {@code conv2d_5} with its kernel and bias. */
    record Layer(String name, List<Tensor> weights) {
        /**
         * @param role e.g. {@code kernel:0}
         * @return the weight with that role, or {@code null}
         */
        Tensor weight(String role) {
            for (Tensor t : weights) {
                if (t.role().equals(role)) {
                    return t;
                }
            }
            return null;
        }

        /** @return whether this layer has a 4-D kernel, i.e. is a Conv2D */
        boolean isConv2D() {
            Tensor kernel = weight("kernel:0");
            return kernel != null && kernel.shape().length == 4;
        }
    }

    /**
     * @param file a Keras HDF5 weights file ({@code model.save_weights}) or full model file ({@code model.save})
     * @return its layers that have weights, in file order; layers without weights (pooling, dropout) are left out
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} when the file does not exist, {@code NOT_READABLE} when it
     *     cannot be read, {@code MODEL_INVALID} when it is not a readable HDF5 file or not laid out as Keras writes
     *     weights
     */
    static List<Layer> readWeightedLayers(Path file) throws DeepfakeException {
        byte[] bytes = readBounded(file);
        try (HdfFile hdf = HdfFile.fromBytes(bytes)) {
            requireComplete(hdf, bytes.length, file);
            Group root = weightsRoot(hdf, file);
            List<Layer> layers = new ArrayList<>();
            for (String layerName : stringArray(root, "layer_names", file)) {
                Layer layer = readLayer(root, layerName, file);
                if (!layer.weights().isEmpty()) {
                    layers.add(layer);
                }
            }
            return layers;
        } catch (RuntimeException e) {
            // jhdf reports every malformed or cut-off structure as an unchecked exception of its own or of NIO.
            throw invalid(file, "it is not a readable HDF5 file, it may be truncated or corrupt (" + describe(e) + ")",
                    e);
        }
    }

    /**
     * @return a {@code MODEL_INVALID} exception whose message names the file and says what to do
     */
    static DeepfakeException invalid(Path file, String what, Throwable cause) {
        return new DeepfakeException(ErrorCode.MODEL_INVALID, "Keras weights file " + file + " is not usable: " + what
                + ". Use one of the MesoNet authors' weight files (Meso4_*.h5, MesoInception_*.h5), downloaded again"
                + " if this one is damaged.", file, cause);
    }

    private static byte[] readBounded(Path file) throws DeepfakeException {
        if (!Files.exists(file)) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "Keras weights file " + file
                    + " does not exist. Check the path, or let the model registry download it.", file, null);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Keras weights file " + file
                    + " is not a readable regular file. Check its permissions and that it is not a folder.", file,
                    null);
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw invalid(file, "it is " + size + " bytes long, more than any MesoNet weights file ("
                        + MAX_FILE_BYTES + " bytes at most)", null);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Could not read Keras weights file " + file + ": "
                    + e.getMessage() + ". Check that the file is readable.", file, e);
        }
    }

    /**
     * A file cut short can still parse when the cut falls in unused space, so compare its length with the end of
     * file that its superblock records.
     */
    private static void requireComplete(HdfFile hdf, long length, Path file) throws DeepfakeException {
        Superblock superblock = hdf.getHdfBackingStorage().getSuperblock();
        // The end-of-file address counts from the base address, which is where a user block (if any) ends.
        long base = Math.max(hdf.getUserBlockSize(), superblock.getBaseAddressByte());
        long expected = base + superblock.getEndOfFileAddress();
        if (length < expected) {
            throw invalid(file, "it is truncated: it is " + length + " bytes long but its HDF5 superblock says "
                    + expected, null);
        }
    }

    /** Full-model files ({@code model.save}) keep the same layout one level down, under {@code model_weights}. */
    private static Group weightsRoot(HdfFile hdf, Path file) throws DeepfakeException {
        if (hdf.getAttribute("layer_names") != null) {
            return hdf;
        }
        Node nested = hdf.getChildren().get("model_weights");
        if (nested instanceof Group group && group.getAttribute("layer_names") != null) {
            return group;
        }
        throw invalid(file, "it is an HDF5 file but has no 'layer_names' attribute, so Keras did not write it", null);
    }

    private static Layer readLayer(Group root, String layerName, Path file) throws DeepfakeException {
        Node node = root.getChildren().get(layerName);
        if (!(node instanceof Group group)) {
            throw invalid(file, "layer '" + printable(layerName) + "' is listed in 'layer_names' but has no group",
                    null);
        }
        List<Tensor> weights = new ArrayList<>();
        for (String weightName : stringArray(group, "weight_names", file)) {
            weights.add(readTensor(group, weightName, file));
        }
        return new Layer(layerName, List.copyOf(weights));
    }

    private static Tensor readTensor(Group layer, String weightName, Path file) throws DeepfakeException {
        Node node;
        try {
            node = layer.getByPath(weightName);
        } catch (HdfInvalidPathException e) {
            throw invalid(file, "layer '" + layer.getName() + "' lists weight '" + weightName
                    + "' but holds no such dataset", e);
        }
        if (!(node instanceof Dataset dataset)) {
            throw invalid(file, "weight '" + weightName + "' of layer '" + layer.getName() + "' is not a dataset",
                    null);
        }
        if (dataset.getJavaType() != float.class) {
            throw invalid(file, "weight '" + weightName + "' holds " + dataset.getJavaType().getSimpleName()
                    + " values, not float32", null);
        }
        int[] shape = dataset.getDimensions();
        if (dataset.getSize() > MAX_TENSOR_ELEMENTS) {
            throw invalid(file, "weight '" + weightName + "' has shape " + Arrays.toString(shape)
                    + ", far larger than any MesoNet weight", null);
        }
        float[] values = (float[]) dataset.getDataFlat();
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw invalid(file, "weight '" + weightName + "' holds a value that is not finite (" + v + ")", null);
            }
        }
        return new Tensor(weightName, shape, values);
    }

    /** Keras writes name lists as fixed-length byte strings, and an empty list as an empty float64 array. */
    private static List<String> stringArray(Node node, String attributeName, Path file) throws DeepfakeException {
        Attribute attribute = node.getAttribute(attributeName);
        if (attribute == null) {
            throw invalid(file, "'" + node.getPath() + "' has no '" + attributeName + "' attribute", null);
        }
        Object data = attribute.isEmpty() ? null : attribute.getData();
        if (data == null || (data.getClass().isArray() && Array.getLength(data) == 0)) {
            return List.of();
        }
        if (data instanceof String[] names) {
            return List.of(names);
        }
        throw invalid(file, "attribute '" + attributeName + "' of '" + node.getPath() + "' is not a list of names",
                null);
    }

    /** A damaged name can hold control bytes; keep them out of messages and logs. */
    private static String printable(String name) {
        return name.codePoints().map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }
}
