package dev.deepfake4j;

/**
 * The verdict for a video at a probability threshold, spelled as in the DFDC {@code metadata.json}, plus
 * {@link #UNKNOWN} for a video with too few faces to judge. A moderation check should treat {@code UNKNOWN} as
 * "not verified", never as authentic.
 */
public enum Label {
    /** The video is judged genuine: P(fake) at or below the threshold. */
    REAL,
    /** The video is judged manipulated: P(fake) above the threshold. */
    FAKE,
    /**
     * No verdict: no face (or fewer than the detector's {@code minFaces}) was found in the sampled frames, so the
     * reported P(fake) is only the configured prior. Never produced by {@link #of}.
     */
    UNKNOWN;

    /**
     * @param pFake probability that the video is fake, in [0, 1]
     * @param threshold the probability above which a video is called fake
     * @return {@link #FAKE} when {@code pFake > threshold}, else {@link #REAL}; a video without faces gets
     *         {@link #UNKNOWN} from the detector instead
     */
    public static Label of(double pFake, double threshold) {
        return pFake > threshold ? FAKE : REAL;
    }
}
