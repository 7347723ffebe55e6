package dev.deepfake4j;

import java.time.Duration;

/**
 * Wall-clock time one video spent in each stage of the pipeline. Stages that overlap in time (decoding while
 * classifying) each count their own time, so the stages may add up to more than {@link #total()}. Immutable.
 *
 * @param decode time inside the decoder (demuxing, decoding, colour conversion, seeking)
 * @param locate time finding faces
 * @param crop time cutting and resizing faces
 * @param classify time in the classifiers (normalisation and inference)
 * @param total time from opening the file to the finished report
 */
public record StageTimings(Duration decode, Duration locate, Duration crop, Duration classify, Duration total) {

    /** @return decode time in milliseconds */
    public double decodeMillis() {
        return decode.toNanos() / 1e6;
    }

    /** @return locate time in milliseconds */
    public double locateMillis() {
        return locate.toNanos() / 1e6;
    }

    /** @return crop time in milliseconds */
    public double cropMillis() {
        return crop.toNanos() / 1e6;
    }

    /** @return classify time in milliseconds */
    public double classifyMillis() {
        return classify.toNanos() / 1e6;
    }

    /** @return total time in milliseconds */
    public double totalMillis() {
        return total.toNanos() / 1e6;
    }
}
