package dev.deepfake4j.face;

import static dev.deepfake4j.internal.Checks.checkArgument;

/**
 * How a face box becomes the region cut out of the frame: enlarged by a margin, made square or not. Immutable.
 *
 * <p>The region is centred on the box. Where it leaves the frame the missing part is filled with black
 * (zero padding), so the face stays centred and unstretched.
 *
 * @param margin the region's size as a multiple of the box size (1.0 = the box itself)
 * @param square whether the region is a square whose side is {@code margin × max(width, height)}; otherwise each
 *        side is scaled separately
 */
public record CropPolicy(double margin, boolean square) {

    /** The default: a square 1.3 times the box's longer side, as the DFDC seed solution cropped. */
    public static final CropPolicy DEFAULT = new CropPolicy(1.3, true);

    /** Validates the fields. */
    public CropPolicy {
        checkArgument(margin >= 1.0 && margin <= 4.0, "crop margin must be in [1, 4]: %s", margin);
    }

    /**
     * @param margin the square's side as a multiple of the box's longer side
     * @return a square crop policy
     */
    public static CropPolicy square(double margin) {
        return new CropPolicy(margin, true);
    }

    /**
     * @param margin each side of the region as a multiple of the same side of the box (e.g. 5/3 for the DFDC
     *        winner's "a third of the box on each side")
     * @return a non-square crop policy
     */
    public static CropPolicy proportional(double margin) {
        return new CropPolicy(margin, false);
    }

    /**
     * @param box the face
     * @return the region to cut, in pixels (may extend past the frame)
     */
    public FaceBox region(FaceBox box) {
        double w = box.width() * margin;
        double h = box.height() * margin;
        if (square) {
            w = h = Math.max(box.width(), box.height()) * margin;
        }
        double cx = box.centerX();
        double cy = box.centerY();
        return FaceBox.of(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, box.score());
    }
}
