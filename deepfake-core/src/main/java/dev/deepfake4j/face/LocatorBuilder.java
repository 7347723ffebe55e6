package dev.deepfake4j.face;

import dev.deepfake4j.DeepfakeException;

/**
 * The base of a {@link FaceLocator} implementation's builder: it holds the {@link LocatorOptions.Builder} that the
 * locator reads its shared options from, and the setters that every locator uses (the smallest face kept and how many
 * faces are kept), each checking its argument at once through {@link LocatorOptions.Builder}. A locator whose model
 * gives scores extends {@link ScoredLocatorBuilder} instead, which adds the score and NMS thresholds; a subclass
 * presets the options its model wants in its constructor (through {@link #options()}) and adds the setters that are
 * its own.
 *
 * <p>The self-type pattern: {@code B} is the subclass itself ({@code final class Builder extends
 * LocatorBuilder<Builder, MyLocator>}), so that the shared setters, which return {@link #self()}, return the
 * subclass and calls chain through its own setters. Not thread-safe.
 *
 * @param <B> the builder subclass itself
 * @param <L> the locator it builds
 */
public abstract class LocatorBuilder<B extends LocatorBuilder<B, L>, L extends FaceLocator> {
    private final LocatorOptions.Builder options = LocatorOptions.builder();

    /** A builder whose options start at {@link LocatorOptions#builder()}'s presets. */
    protected LocatorBuilder() {
    }

    /** @return this builder as its own type; a subclass returns {@code this} */
    protected abstract B self();

    /** @return the options builder this builder's setters write to: live, not a copy */
    protected final LocatorOptions.Builder options() {
        return options;
    }

    /**
     * @param pixels faces narrower or shorter than this, in the frame's pixels, are dropped (a locator may not even
     *        search for them); 0 keeps all (default 0)
     * @return this
     * @throws IllegalArgumentException when negative or not finite
     */
    public B minFaceSize(double pixels) {
        options.minFaceSize(pixels);
        return self();
    }

    /**
     * @param maxFaces keep at most this many faces, the best ones: the highest scores, or the largest for a locator
     *        without scores (default 0: all)
     * @return this
     * @throws IllegalArgumentException when negative
     */
    public B maxFaces(int maxFaces) {
        options.maxFaces(maxFaces);
        return self();
    }

    /**
     * Makes the locator from the options set so far.
     *
     * @return the locator; close it
     * @throws DeepfakeException when the locator cannot be made (e.g. {@link dev.deepfake4j.ErrorCode#MODEL_NOT_FOUND}
     *         or {@link dev.deepfake4j.ErrorCode#MODEL_INVALID})
     */
    public abstract L build() throws DeepfakeException;
}
