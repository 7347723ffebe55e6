package dev.deepfake4j.models.registry;

/**
 * ImageNet's channel statistics after scaling to [0, 1], RGB order, which detectors built on ImageNet-pretrained
 * backbones (the DFDC winner, ICPR 2020) normalise with. Stateless; the arrays are copied on every call.
 */
final class ImageNet {
    private ImageNet() {
    }

    /** @return the channel means {0.485, 0.456, 0.406} */
    static float[] mean() {
        return new float[] {0.485f, 0.456f, 0.406f};
    }

    /** @return the channel standard deviations {0.229, 0.224, 0.225} */
    static float[] std() {
        return new float[] {0.229f, 0.224f, 0.225f};
    }
}
