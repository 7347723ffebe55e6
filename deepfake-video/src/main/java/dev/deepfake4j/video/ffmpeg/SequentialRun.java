package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.sampling.SamplePlan;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Decoding without a packet index (files above {@link FfmpegVideoSource#FULL_SCAN_LIMIT_BYTES}, or packets without
 * timestamps): front to back, no skipping, each frame's index is its position in the decoder's output.
 * Not thread-safe.
 */
final class SequentialRun implements DecodeRun {
    private final SamplePlan plan;
    private final FrameDelivery delivery;
    private final StreamClock clock;
    private final int[] targets;
    private final double[] times;
    private int next;
    private int counter;

    /**
     * @param plan what to deliver
     * @param delivery where frames go
     * @param clock the stream's clock, for {@code TIMESTAMPS} plans
     */
    SequentialRun(SamplePlan plan, FrameDelivery delivery, StreamClock clock) {
        this.plan = plan;
        this.delivery = delivery;
        this.clock = clock;
        targets = plan.indices();
        times = plan.timestamps();
    }

    @Override
    public boolean finished() {
        return switch (plan.kind()) {
            case INDICES -> next >= targets.length;
            case TIMESTAMPS -> next >= times.length;
            case KEYFRAMES -> delivery.delivered() >= plan.maxFrames();
        };
    }

    @Override
    public int skipFor(AVPacket packet) {
        return AVDISCARD_DEFAULT;
    }

    @Override
    public void onFrame(AVFrame f) throws DeepfakeException {
        int idx = counter++;
        switch (plan.kind()) {
            case INDICES -> {
                if (targets[next] == idx) {
                    delivery.deliver(f, idx);
                    next++;
                }
            }
            case TIMESTAMPS -> {
                double t = clock.secondsOf(FrameDelivery.bestTimestamp(f));
                boolean hit = false;
                while (next < times.length && times[next] - 1e-6 <= t) {
                    next++;
                    hit = true;
                }
                if (hit) {
                    delivery.deliver(f, idx);
                }
            }
            case KEYFRAMES -> {
                if ((f.flags() & Ffmpeg.FRAME_FLAG_KEY) != 0) {
                    delivery.deliver(f, idx);
                }
            }
        }
    }

    @Override
    public void finish() {
        // Nothing held back: every frame was delivered or passed over as it came.
    }

    @Override
    public String undelivered() {
        return switch (plan.kind()) {
            case INDICES -> (targets.length - next) + " frame(s) from index " + targets[next];
            case TIMESTAMPS -> (times.length - next) + " frame(s) from " + times[next] + " s";
            case KEYFRAMES -> null; // fewer keyframes than the maximum is normal
        };
    }
}
