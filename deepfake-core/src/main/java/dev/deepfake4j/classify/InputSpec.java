package dev.deepfake4j.classify;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.image.PixelFormat;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a classifier expects as input: tensor size and layout, colour order, how pixels are resized into it and
 * how 8-bit values become floats. A float fed to the model is {@code (v * scale - mean[c]) / std[c]} for the 8-bit
 * value {@code v} of channel {@code c} (channels in {@link #channels()} order). Immutable and thread-safe.
 */
public final class InputSpec {
    /** Memory order of the input tensor. */
    public enum Layout {
        /** Batch, channel, height, width (PyTorch, ONNX convention). */
        NCHW,
        /** Batch, height, width, channel (TensorFlow/Keras convention). */
        NHWC
    }

    /** How a crop is brought to the input size. */
    public enum Resize {
        /** Scale width and height independently to the input size (the aspect ratio may change). */
        STRETCH,
        /**
         * Scale by the same factor on both axes so the longer side fits, then pad the rest with zeros, image
         * centred (the DFDC 1st place's isotropic resize).
         */
        LETTERBOX,
        /**
         * Pad each side shorter than the input size with zeros to that size, the crop centred (the smaller half of
         * the padding before, as albumentations' {@code PadIfNeeded}), then stretch what results to the input size:
         * a crop smaller than the input is padded, never enlarged (polimi ICPR 2020's test transform,
         * {@code PadIfNeeded} then {@code Resize}).
         */
        PAD_IF_SMALLER
    }

    /** The interpolation used when resizing. */
    public enum Interpolation {
        /** Nearest neighbour (Keras' {@code ImageDataGenerator} default, MesoNet's reference). */
        NEAREST,
        /** Bilinear. */
        LINEAR,
        /** Pixel-area averaging (best when shrinking). */
        AREA,
        /** Bicubic. */
        CUBIC,
        /** Area when shrinking, cubic when enlarging (the DFDC 1st place's choice). */
        AREA_OR_CUBIC
    }

    private final int width;
    private final int height;
    private final Layout layout;
    private final PixelFormat channels;
    private final Resize resize;
    private final Interpolation interpolation;
    private final float scale;
    private final float[] mean;
    private final float[] std;
    private final CropPolicy cropPolicy;

    private InputSpec(Builder b) {
        this.cropPolicy = b.cropPolicy;
        this.width = b.width;
        this.height = b.height;
        this.layout = b.layout;
        this.channels = b.channels;
        this.resize = b.resize;
        this.interpolation = b.interpolation;
        this.scale = b.scale;
        this.mean = b.mean.clone();
        this.std = b.std.clone();
    }

    /**
     * A builder preset to NCHW, RGB, stretch, bilinear, scale 1/255, mean 0, std 1 (values in [0, 1]).
     *
     * @param width input width in pixels
     * @param height input height in pixels
     * @return the builder
     */
    public static Builder builder(int width, int height) {
        return new Builder(width, height);
    }

    /**
     * A builder holding this spec's values, to derive a changed copy (a model manifest builds its spec this way).
     *
     * @return a new builder; changing it does not change this spec
     */
    public Builder toBuilder() {
        return toBuilder(width, height);
    }

    /**
     * A builder holding this spec's values except the size.
     *
     * @param width input width in pixels of the new spec
     * @param height input height in pixels of the new spec
     * @return a new builder; changing it does not change this spec
     * @throws IllegalArgumentException when the size is outside 1..4096 pixels
     */
    public Builder toBuilder(int width, int height) {
        Builder b = new Builder(width, height);
        b.layout = layout;
        b.channels = channels;
        b.resize = resize;
        b.interpolation = interpolation;
        b.scale = scale;
        b.mean = mean.clone();
        b.std = std.clone();
        b.cropPolicy = cropPolicy;
        return b;
    }

    /** @return input width in pixels */
    public int width() {
        return width;
    }

    /** @return input height in pixels */
    public int height() {
        return height;
    }

    /** @return tensor memory order */
    public Layout layout() {
        return layout;
    }

    /** @return colour order of the channels */
    public PixelFormat channels() {
        return channels;
    }

    /** @return how crops are resized to the input size */
    public Resize resize() {
        return resize;
    }

    /** @return resize interpolation */
    public Interpolation interpolation() {
        return interpolation;
    }

    /** @return factor applied to the 8-bit value before the mean is subtracted */
    public float scale() {
        return scale;
    }

    /** @return a copy of the per-channel means (after scaling), in channel order */
    public float[] mean() {
        return mean.clone();
    }

    /** @return a copy of the per-channel standard deviations (after scaling), in channel order */
    public float[] std() {
        return std.clone();
    }

    /**
     * @return the region this model was trained on, when it differs from the detector's (e.g. the DFDC winner's
     *         box plus a third on each side); empty means the detector's {@code cropPolicy} applies
     */
    public Optional<CropPolicy> cropPolicy() {
        return Optional.ofNullable(cropPolicy);
    }

    /**
     * @param value 8-bit sample, 0..255
     * @param channel 0, 1 or 2 in {@link #channels()} order
     * @return the float the model is fed
     */
    public float normalize(int value, int channel) {
        return (value * scale - mean[channel]) / std[channel];
    }

    /**
     * Whether two specs produce the same crop pixels (size, colour order, resize mode, interpolation and crop
     * policy), so one crop can feed both classifiers.
     *
     * @param other another spec
     * @return true when crops are interchangeable
     */
    public boolean sameCrop(InputSpec other) {
        return width == other.width && height == other.height && channels == other.channels
                && resize == other.resize && interpolation == other.interpolation
                && Objects.equals(cropPolicy, other.cropPolicy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s && sameCrop(s) && s.layout == layout && s.scale == scale
                && Arrays.equals(s.mean, mean) && Arrays.equals(s.std, std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, layout, channels, resize, interpolation, scale, Arrays.hashCode(mean),
                Arrays.hashCode(std), cropPolicy);
    }

    @Override
    public String toString() {
        return "InputSpec[" + width + "x" + height + " " + layout + " " + channels + " " + resize + "/" + interpolation
                + " scale=" + scale + " mean=" + Arrays.toString(mean) + " std=" + Arrays.toString(std)
                + (cropPolicy == null ? "" : " crop=" + cropPolicy) + "]";
    }

    /** Builds an {@link InputSpec}; each setter validates its argument at once. Not thread-safe. */
    public static final class Builder {
        private final int width;
        private final int height;
        private Layout layout = Layout.NCHW;
        private PixelFormat channels = PixelFormat.RGB24;
        private Resize resize = Resize.STRETCH;
        private Interpolation interpolation = Interpolation.LINEAR;
        private float scale = 1f / 255f;
        private float[] mean = {0f, 0f, 0f};
        private float[] std = {1f, 1f, 1f};
        private CropPolicy cropPolicy;

        private Builder(int width, int height) {
            checkArgument(width > 0 && height > 0 && width <= 4096 && height <= 4096,
                    "input size must be in 1..4096 pixels: %sx%s", width, height);
            this.width = width;
            this.height = height;
        }

        /** @param layout tensor memory order @return this */
        public Builder layout(Layout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** @param channels colour order @return this */
        public Builder channels(PixelFormat channels) {
            this.channels = Objects.requireNonNull(channels, "channels");
            return this;
        }

        /** @param resize resize mode @return this */
        public Builder resize(Resize resize) {
            this.resize = Objects.requireNonNull(resize, "resize");
            return this;
        }

        /** @param interpolation resize interpolation @return this */
        public Builder interpolation(Interpolation interpolation) {
            this.interpolation = Objects.requireNonNull(interpolation, "interpolation");
            return this;
        }

        /** @param scale factor applied to 8-bit values, e.g. 1/255 @return this */
        public Builder scale(float scale) {
            checkArgument(Float.isFinite(scale) && scale != 0, "scale must be finite and non-zero: %s", scale);
            this.scale = scale;
            return this;
        }

        /**
         * @param mean per-channel mean (after scaling), 3 finite values in channel order
         * @param std per-channel standard deviation (after scaling), 3 positive finite values
         * @return this
         */
        public Builder normalization(float[] mean, float[] std) {
            checkArgument(mean.length == 3 && std.length == 3, "mean and std need 3 values each: %s and %s",
                    Arrays.toString(mean), Arrays.toString(std));
            for (int c = 0; c < 3; c++) {
                checkArgument(Float.isFinite(mean[c]), "mean must be finite: %s", Arrays.toString(mean));
                checkArgument(std[c] > 0 && Float.isFinite(std[c]), "std must be positive: %s", Arrays.toString(std));
            }
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /**
         * @param policy the face region this model expects, overriding the detector's crop policy for its crops;
         *        {@code null} (the default) uses the detector's
         * @return this
         */
        public Builder cropPolicy(CropPolicy policy) {
            this.cropPolicy = policy;
            return this;
        }

        /** @return the spec; the builder stays usable */
        public InputSpec build() {
            return new InputSpec(this);
        }
    }
}
