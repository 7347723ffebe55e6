package dev.deepfake4j.models.keras;

import dev.deepfake4j.DeepfakeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the MesoNet weights published by Afchar et al. (Keras 2.1.5 HDF5 files written by
 * {@code model.save_weights}, such as {@code Meso4_DF.h5}) as an ONNX model that ONNX Runtime can run.
 *
 * <p>The model takes {@value #INPUT_NAME}: float32 {@code [N, 3, 256, 256]}, an RGB face crop in NCHW order with
 * values in [0, 1] (pixel / 255), and returns {@value #OUTPUT_NAME}: float32 {@code [N, 1]}, the probability that
 * the face is <em>real</em> (the authors' training put "df" before "real"); the probability of fake is one minus
 * it. Dropout is left out (it is the identity at inference) and BatchNormalization keeps Keras' epsilon of 0.001.
 *
 * <p>Import reads a few hundred kilobytes and takes well under a second; callers that run it often should cache
 * the returned bytes. Every method is stateless and thread-safe.
 */
public final class MesoNetImporter {
    /** Name of the ONNX model's input: float32 {@code [N, 3, 256, 256]}, RGB in [0, 1], NCHW. */
    public static final String INPUT_NAME = "input";
    /** Name of the ONNX model's output: float32 {@code [N, 1]}, the probability that the face is real. */
    public static final String OUTPUT_NAME = "prob_real";
    /** Width and height, in pixels, of the face crops the model takes. */
    public static final int INPUT_SIZE = 256;

    private static final Logger LOG = LoggerFactory.getLogger(MesoNetImporter.class);

    private MesoNetImporter() {
    }

    /**
     * Builds the ONNX model of {@code architecture} with the weights in {@code h5File}.
     *
     * @param h5File a MesoNet Keras weights file, e.g. {@code Meso4_DF.h5}
     * @param architecture the network the file holds weights for
     * @return the serialised ONNX model ({@code ModelProto}, opset 13); a new array on each call
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} when the file does not exist, {@code NOT_READABLE} when
     *     it cannot be read, {@code MODEL_INVALID} when it is not a readable HDF5 file or its layers are not those
     *     of {@code architecture} (a layer missing or extra, a wrong shape, weights of the other architecture)
     */
    public static byte[] importOnnx(Path h5File, Architecture architecture) throws DeepfakeException {
        Objects.requireNonNull(h5File, "h5File");
        Objects.requireNonNull(architecture, "architecture");
        long start = System.nanoTime();
        List<KerasWeightsFile.Layer> layers = KerasWeightsFile.readWeightedLayers(h5File);
        byte[] model = MesoNetGraph.build(h5File, architecture, layers);
        LOG.debug("Imported {} from {} into a {}-byte ONNX model in {} ms", architecture.displayName(), h5File,
                model.length, (System.nanoTime() - start) / 1_000_000);
        return model;
    }

    /**
     * Builds the ONNX model of whichever MesoNet architecture {@code h5File} holds weights for.
     *
     * @param h5File a MesoNet Keras weights file
     * @return the serialised ONNX model, as {@link #importOnnx(Path, Architecture)} returns it
     * @throws DeepfakeException as {@link #importOnnx(Path, Architecture)} and {@link #detectArchitecture(Path)}
     */
    public static byte[] importOnnx(Path h5File) throws DeepfakeException {
        Objects.requireNonNull(h5File, "h5File");
        List<KerasWeightsFile.Layer> layers = KerasWeightsFile.readWeightedLayers(h5File);
        return MesoNetGraph.build(h5File, detect(h5File, layers), layers);
    }

    /**
     * Tells which MesoNet network a weights file is for, from how many Conv2D layers it holds (4 for MesoNet-4,
     * 16 for MesoInception-4). It does not check the rest of the layout; {@link #importOnnx} does.
     *
     * @param h5File a MesoNet Keras weights file
     * @return its architecture
     * @throws DeepfakeException {@code MODEL_NOT_FOUND}, {@code NOT_READABLE} as for {@link #importOnnx}, and
     *     {@code MODEL_INVALID} when the file is not a readable Keras weights file or holds neither network
     */
    public static Architecture detectArchitecture(Path h5File) throws DeepfakeException {
        Objects.requireNonNull(h5File, "h5File");
        return detect(h5File, KerasWeightsFile.readWeightedLayers(h5File));
    }

    private static Architecture detect(Path h5File, List<KerasWeightsFile.Layer> layers) throws DeepfakeException {
        long convLayers = layers.stream().filter(KerasWeightsFile.Layer::isConv2D).count();
        for (Architecture a : Architecture.values()) {
            if (a.convLayerCount() == convLayers) {
                return a;
            }
        }
        throw KerasWeightsFile.invalid(h5File, "it holds " + convLayers
                + " Conv2D layers, which is neither MesoNet-4 (4) nor MesoInception-4 (16)", null);
    }
}
