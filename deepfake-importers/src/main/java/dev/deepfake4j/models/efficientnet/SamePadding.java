package dev.deepfake4j.models.efficientnet;

/**
 * TensorFlow-style "same" padding of one spatial axis, as timm's {@code Conv2dSame} and efficientnet_pytorch's
 * {@code Conv2dStaticSamePadding} compute it: for a map of {@code size} pixels, stride {@code s} and kernel
 * {@code k}, the output has {@code ceil(size / s)} pixels and the total padding is
 * {@code max((ceil(size / s) - 1)·s + k - size, 0)}, the smaller half before and the rest after.
 *
 * <p>Stateless and thread-safe.
 */
final class SamePadding {
    private SamePadding() {
    }

    /**
     * @param size the side of the map the padding is computed for, in pixels
     * @param kernel kernel side in pixels
     * @param stride stride in pixels
     * @return {before, after} in pixels
     */
    static int[] of(int size, int kernel, int stride) {
        int outSize = (size + stride - 1) / stride;
        int pad = Math.max((outSize - 1) * stride + kernel - size, 0);
        return new int[] {pad / 2, pad - pad / 2};
    }

    /**
     * @param size input side in pixels
     * @param kernel kernel side
     * @param stride stride
     * @param before padding before, in pixels
     * @param after padding after, in pixels
     * @return the side of a convolution's output, {@code floor((size + before + after - kernel) / stride) + 1}
     */
    static int outputSize(int size, int kernel, int stride, int before, int after) {
        return (size + before + after - kernel) / stride + 1;
    }
}
