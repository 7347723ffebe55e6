package dev.deepfake4j.face;

/**
 * The base of the builder of a {@link FaceLocator} whose model scores its candidates: a {@link LocatorBuilder} with
 * the score threshold a candidate needs and the non-maximum suppression threshold for overlapping ones, each checked
 * at once through {@link LocatorOptions.Builder}. A subclass may make a check stricter, or note that the caller chose
 * a value, by overriding a setter and calling {@code super}. Uses the self-type pattern of {@link LocatorBuilder}.
 * Not thread-safe.
 *
 * @param <B> the builder subclass itself
 * @param <L> the locator it builds
 */
public abstract class ScoredLocatorBuilder<B extends ScoredLocatorBuilder<B, L>, L extends FaceLocator>
        extends LocatorBuilder<B, L> {

    /** A builder whose options start at {@link LocatorOptions#builder()}'s presets. */
    protected ScoredLocatorBuilder() {
    }

    /**
     * @param threshold the face score a candidate needs, in [0, 1] (the default is the locator's own: see its
     *        {@code builder} method)
     * @return this
     * @throws IllegalArgumentException when outside [0, 1]
     */
    public B scoreThreshold(double threshold) {
        options().scoreThreshold(threshold);
        return self();
    }

    /**
     * @param iou weaker boxes overlapping a better one by more than this intersection over union are suppressed (or
     *        merged into it, by a locator that merges), in (0, 1] (default 0.3)
     * @return this
     * @throws IllegalArgumentException when outside (0, 1]
     */
    public B nmsThreshold(double iou) {
        options().nmsThreshold(iou);
        return self();
    }
}
