package dev.deepfake4j.models.keras;

/**
 * The two MesoNet networks of Afchar et al. (WIFS 2018) whose Keras weights the authors publish. Both take a
 * 256 × 256 RGB face crop and output one sigmoid, the probability that the face is <em>real</em>.
 *
 * <p>Immutable and thread-safe.
 */
public enum Architecture {
    /** MesoNet-4 ({@code Meso4_DF.h5}, {@code Meso4_F2F.h5}): four convolution blocks, then two dense layers. */
    MESO4("MesoNet-4", 4),
    /**
     * MesoInception-4 ({@code MesoInception_DF.h5}, {@code MesoInception_F2F.h5}): two inception blocks, two
     * convolution blocks, then two dense layers.
     */
    MESO_INCEPTION4("MesoInception-4", 16);

    private final String displayName;
    private final int convLayerCount;

    Architecture(String displayName, int convLayerCount) {
        this.displayName = displayName;
        this.convLayerCount = convLayerCount;
    }

    /** @return the name the paper uses, e.g. {@code MesoNet-4} */
    public String displayName() {
        return displayName;
    }

    /** How many Conv2D layers a weights file of this network holds; it tells the two apart. */
    int convLayerCount() {
        return convLayerCount;
    }
}
