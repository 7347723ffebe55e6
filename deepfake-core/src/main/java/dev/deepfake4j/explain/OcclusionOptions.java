package dev.deepfake4j.explain;

import static dev.deepfake4j.internal.Checks.checkArgument;

/**
 * How {@link OcclusionSensitivity} covers a crop: a square patch of {@code patch} pixels, moved {@code stride}
 * pixels at a time from the top-left corner, filled with {@code grey} in every channel or, when {@code grey} is
 * {@link #CROP_MEAN}, with the crop's own mean colour (a neutral patch that adds no new colour). Immutable.
 *
 * <p>Cost: one classifier score per patch position plus one for the unoccluded crop, that is
 * {@code (⌊(w − patch) / stride⌋ + 1) × (⌊(h − patch) / stride⌋ + 1) + 1} crops, sent in batches of at most the
 * classifier's {@code maxBatchSize()}.
 *
 * @param patch side of the patch in crop pixels, at least 1 (and at most the crop's shorter side)
 * @param stride step between patch positions in crop pixels, at least 1
 * @param grey fill value 0..255, or {@link #CROP_MEAN}
 */
public record OcclusionOptions(int patch, int stride, int grey) {
    /** {@link #grey()} value that fills the patch with the crop's mean colour, per channel. */
    public static final int CROP_MEAN = -1;

    /** Checks the values. */
    public OcclusionOptions {
        checkArgument(patch >= 1, "occlusion patch must be at least 1 pixel: %s", patch);
        checkArgument(stride >= 1, "occlusion stride must be at least 1 pixel: %s", stride);
        checkArgument(grey == CROP_MEAN || (grey >= 0 && grey <= 255),
                "occlusion grey must be 0..255 or CROP_MEAN (-1): %s", grey);
    }

    /**
     * The defaults for a crop: a patch of a sixth of the crop's shorter side, half a patch apart (11 × 11 = 121
     * positions on a square crop), filled with the crop's mean colour.
     *
     * @param width crop width in pixels, at least 1
     * @param height crop height in pixels, at least 1
     * @return the options
     */
    public static OcclusionOptions forCrop(int width, int height) {
        checkArgument(width >= 1 && height >= 1, "crop size must be positive: %sx%s", width, height);
        int patch = Math.max(1, Math.round(Math.min(width, height) / 6f));
        return new OcclusionOptions(patch, Math.max(1, patch / 2), CROP_MEAN);
    }

    /**
     * @param size the crop's width or height in pixels
     * @return patch positions along that side: {@code ⌊(size − patch) / stride⌋ + 1}
     */
    public int positions(int size) {
        checkArgument(size >= patch, "a %s-pixel patch does not fit in %s pixels", patch, size);
        return (size - patch) / stride + 1;
    }
}
