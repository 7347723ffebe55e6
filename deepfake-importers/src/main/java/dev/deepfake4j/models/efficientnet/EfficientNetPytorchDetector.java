package dev.deepfake4j.models.efficientnet;

/**
 * The deepfake detectors built on an efficientnet_pytorch EfficientNet-B4 whose checkpoints
 * {@link EfficientNetPytorchImporter} reads: where the backbone sits in the state dict and which head follows it.
 * The key names are those of each detector's PyTorch module after a leading {@code module.} (DataParallel) is
 * removed.
 */
public enum EfficientNetPytorchDetector {
    /** polimi ICPR 2020 {@code EfficientNetB4}: {@code efficientnet.*}, {@code classifier = Linear(F, 1)}. */
    ICPR_B4("efficientnet.", false, false, 1, "classifier.", false),
    /**
     * polimi ICPR 2020 {@code EfficientNetAutoAttB4}: as {@link #ICPR_B4} plus {@code efficientnet.attconv}, a 1×1
     * convolution whose sigmoid multiplies the output of the last block of stage 3.
     */
    ICPR_AUTOATT_B4("efficientnet.", true, false, 1, "classifier.", false),
    /**
     * polimi ICPR 2020 {@code EfficientNetB4ST} ({@code SiameseTuning}): backbone {@code feat_ext.efficientnet.*},
     * head {@code classifier.0 = BatchNorm1d(F)} (epsilon 1e-5) then {@code classifier.1 = Linear(F, 1)};
     * {@code feat_ext.classifier.*} is stored but unused.
     */
    ICPR_B4_ST("feat_ext.efficientnet.", false, true, 1, "classifier.1.", false),
    /** polimi ICPR 2020 {@code EfficientNetAutoAttB4ST}: {@link #ICPR_B4_ST} with the attention branch. */
    ICPR_AUTOATT_B4_ST("feat_ext.efficientnet.", true, true, 1, "classifier.1.", false),
    /** SBI (Self-Blended Images) {@code Detector}: {@code net.*} with {@code net._fc = Linear(F, 2)}. */
    SBI("net.", false, false, 2, "net._fc.", false),
    /**
     * DeepfakeBench {@code effnb4}: {@code backbone.efficientnet.*} (stem replaced by an unpadded
     * {@code nn.Conv2d}) and {@code backbone.last_layer = Linear(F, 2)}.
     */
    DEEPFAKEBENCH_EFFNB4("backbone.efficientnet.", false, false, 2, "backbone.last_layer.", true);

    /** Native image size of EfficientNet-B4 in efficientnet_pytorch, from which 0.7.x fixes its padding. */
    public static final int B4_NATIVE_SIZE = 380;

    private final String backbone;
    private final boolean attention;
    private final boolean siamese;
    private final int classes;
    private final String classifier;
    private final boolean unpaddedStem;

    EfficientNetPytorchDetector(String backbone, boolean attention, boolean siamese, int classes, String classifier,
            boolean unpaddedStem) {
        this.backbone = backbone;
        this.attention = attention;
        this.siamese = siamese;
        this.classes = classes;
        this.classifier = classifier;
        this.unpaddedStem = unpaddedStem;
    }

    /** @return the key prefix of the backbone, ending in a dot */
    public String backbonePrefix() {
        return backbone;
    }

    /** @return whether the network has the AutoAtt attention branch ({@code attconv}) */
    public boolean attention() {
        return attention;
    }

    /** @return whether a BatchNorm1d precedes the final linear layer (Siamese tuning) */
    public boolean siamese() {
        return siamese;
    }

    /** @return outputs of the final linear layer: 1 (a logit of fake) or 2 (class scores, fake is index 1) */
    public int classes() {
        return classes;
    }

    /** @return the key prefix of the final linear layer */
    public String classifierPrefix() {
        return classifier;
    }

    /** @return whether the stem is a plain {@code nn.Conv2d} without padding */
    public boolean unpaddedStem() {
        return unpaddedStem;
    }

    /** @return the name used in messages */
    String family() {
        return "efficientnet_pytorch " + name() + " detector";
    }
}
