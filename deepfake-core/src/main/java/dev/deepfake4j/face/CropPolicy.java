package dev.deepfake4j.face;

import static dev.deepfake4j.internal.Checks.checkArgument;

/**
 * How a face box becomes the region cut out of the frame: enlarged by a margin, made square or not, then grown on
 * each side by a fraction of the box's height. Immutable.
 *
 * <p>Without padding the region is centred on the box. The padding may differ per side, which moves the centre:
 * polimi ICPR 2020 grows a BlazeFace box by {@code 0.2·h} left, right and below and {@code 0.4·h} above
 * ({@link #heightPadding}). Where the region leaves the frame the missing part is filled with black (zero
 * padding), so the face stays in place and unstretched.
 *
 * @param margin the region's size as a multiple of the box size (1.0 = the box itself)
 * @param square whether the region is a square whose side is {@code margin × max(width, height)}; otherwise each
 *        side is scaled separately
 * @param padLeft added on the left after the margin, as a fraction of the box's height, 0 or more
 * @param padTop added above, as a fraction of the box's height, 0 or more
 * @param padRight added on the right, as a fraction of the box's height, 0 or more
 * @param padBottom added below, as a fraction of the box's height, 0 or more
 */
public record CropPolicy(double margin, boolean square, double padLeft, double padTop, double padRight,
        double padBottom) {

    /** The default: a square 1.3 times the box's longer side, as the DFDC seed solution cropped. */
    public static final CropPolicy DEFAULT = new CropPolicy(1.3, true);

    /** Validates the fields. */
    public CropPolicy {
        checkArgument(margin >= 1.0 && margin <= 4.0, "crop margin must be in [1, 4]: %s", margin);
        for (double pad : new double[] {padLeft, padTop, padRight, padBottom}) {
            checkArgument(pad >= 0 && pad <= 2, "crop padding must be in [0, 2] box heights: %s", pad);
        }
    }

    /**
     * A policy without padding.
     *
     * @param margin the region's size as a multiple of the box size
     * @param square whether the region is square
     */
    public CropPolicy(double margin, boolean square) {
        this(margin, square, 0, 0, 0, 0);
    }

    /**
     * @param left added on the left, as a fraction of the box's height
     * @param top added above
     * @param right added on the right
     * @param bottom added below
     * @return the box itself grown by those amounts (margin 1, not squared)
     */
    public static CropPolicy heightPadding(double left, double top, double right, double bottom) {
        return new CropPolicy(1.0, false, left, top, right, bottom);
    }

    /** @return whether any side is padded */
    public boolean padded() {
        return padLeft != 0 || padTop != 0 || padRight != 0 || padBottom != 0;
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
        double bh = box.height();
        return FaceBox.of(cx - w / 2 - padLeft * bh, cy - h / 2 - padTop * bh, cx + w / 2 + padRight * bh,
                cy + h / 2 + padBottom * bh, box.score());
    }
}
