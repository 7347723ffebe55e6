package dev.deepfake4j.models.efficientnet;

/**
 * How efficientnet_pytorch's {@code Conv2dStaticSamePadding} pads the strided and depthwise convolutions; the rule
 * is not visible in a checkpoint, it depends on the library version the detector ran with.
 */
public enum PaddingRule {
    /**
     * efficientnet_pytorch 0.7.x: TF-same padding fixed when the model is built, for the variant's native image
     * size (380 for B4) carried through the network by {@code calculate_output_image_size} (380, 190, 95, 48, 24,
     * 12), whatever size the model later runs at. At 224 this differs from {@link #SAME_FOR_INPUT} in one
     * convolution of B4: the first depthwise 5×5/2 of stage 3 ({@code _blocks.6}) gets 2 pixels on every side
     * instead of 1 before and 2 after.
     */
    STATIC_FROM_NATIVE_SIZE,
    /**
     * TF-same padding for the size each convolution actually sees. At 224 this is what efficientnet_pytorch 0.6.x
     * computes (it pads every convolution as for a 380-pixel map, which gives TF-same for every map of even side,
     * and every map of a 224 input is even).
     */
    SAME_FOR_INPUT
}
