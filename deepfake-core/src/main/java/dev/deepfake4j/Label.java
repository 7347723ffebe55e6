package dev.deepfake4j;

/** The verdict for a video at a probability threshold, spelled as in the DFDC {@code metadata.json}. */
public enum Label {
    /** The video is judged genuine: P(fake) at or below the threshold. */
    REAL,
    /** The video is judged manipulated: P(fake) above the threshold. */
    FAKE;

    /**
     * @param pFake probability that the video is fake, in [0, 1]
     * @param threshold the probability above which a video is called fake
     * @return {@link #FAKE} when {@code pFake > threshold} (so the no-evidence score 0.5 is REAL at the default threshold), else {@link #REAL}
     */
    public static Label of(double pFake, double threshold) {
        return pFake > threshold ? FAKE : REAL;
    }
}
