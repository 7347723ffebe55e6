package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * Turns a video stream's timestamps (integers in its time base) into seconds from the first frame, the clock of
 * {@code Frame.ptsSeconds()} and of {@code TIMESTAMPS} plans. Immutable; thread-safe.
 */
final class StreamClock {
    private final long timeBaseNum;
    private final long timeBaseDen;
    private final long originPts;

    /**
     * @param timeBaseNum numerator of the stream time base, positive
     * @param timeBaseDen denominator of the stream time base, positive
     * @param originPts the timestamp that counts as 0 s (the first frame's)
     */
    StreamClock(long timeBaseNum, long timeBaseDen, long originPts) {
        this.timeBaseNum = timeBaseNum;
        this.timeBaseDen = timeBaseDen;
        this.originPts = originPts;
    }

    /** @return the length of one time-base tick in seconds */
    double timeBaseSeconds() {
        return timeBaseNum / (double) timeBaseDen;
    }

    /** @param pts a timestamp in the stream time base @return seconds from the origin; NaN for no timestamp */
    double secondsOf(long pts) {
        // One division of exact integers: 11200/16000 prints as 0.7, not 0.7000000000000001.
        return pts == AV_NOPTS_VALUE ? Double.NaN : (double) ((pts - originPts) * timeBaseNum) / timeBaseDen;
    }
}
