package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_BIDIR;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.sampling.SamplePlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoding with the packet index: targets are display indices, frames are identified by timestamp, and the run
 * seeks to the keyframe before the next target and skips frames nobody needs (see the package documentation).
 * Not thread-safe.
 */
final class IndexedRun implements DecodeRun {
    private static final Logger LOG = LoggerFactory.getLogger(IndexedRun.class);

    private final Path path;
    private final PacketIndex index;
    private final Demuxer demuxer;
    private final DecoderSession decoder;
    /** Fast mode's previous decoded frame, a candidate for the next target; owned by the source. */
    private final AVFrame held;
    private final FrameDelivery delivery;
    private final DecodeWarnings warnings;
    private final int[] targets;
    private final long[] targetPts;
    private final boolean strict;
    private final boolean fast;
    private final List<Integer> missingTargets = new ArrayList<>();
    private int next;
    private int heldIndex = -1;
    /** Keyframe index to seek to before the next read, or -1. */
    private int seekTarget = -1;
    /** Display index of the latest keyframe the demuxer has reached (reading or seeking); -1 at the start. */
    private int frontier = -1;
    /** After a seek: the largest presentation time the first packet may have, else the seek overshot. */
    private long landingLimit = Long.MAX_VALUE;
    private boolean seekingDisabled;
    private int seeks;
    private DeepfakeException fatal;

    /**
     * @param plan what to deliver
     * @param fastSeek {@code DecodeOptions.fastSeek()}: I- and P-frames only, the nearest one per target
     * @param index the stream's packet index
     * @param clock the stream's clock, for {@code TIMESTAMPS} plans
     * @param demuxer the container, to seek in
     * @param decoder the decoder, flushed after each seek
     * @param held an allocated, empty frame for fast mode, owned by the caller
     * @param delivery where frames go
     * @param warnings where targets that could not be decoded are reported
     */
    IndexedRun(SamplePlan plan, boolean fastSeek, PacketIndex index, StreamClock clock, Demuxer demuxer,
            DecoderSession decoder, AVFrame held, FrameDelivery delivery, DecodeWarnings warnings) {
        this.path = demuxer.path();
        this.index = index;
        this.demuxer = demuxer;
        this.decoder = decoder;
        this.held = held;
        this.delivery = delivery;
        this.warnings = warnings;
        int count = index.frameCount();
        IntStream wanted = switch (plan.kind()) {
            case INDICES -> Arrays.stream(plan.indices()).filter(i -> i < count);
            case TIMESTAMPS -> Arrays.stream(plan.timestamps())
                    .mapToInt(t -> index.firstAtOrAfter(t, clock.timeBaseSeconds())).filter(i -> i < count);
            case KEYFRAMES -> Arrays.stream(index.keyIndices()).limit(plan.maxFrames());
        };
        targets = wanted.sorted().distinct().toArray();
        targetPts = Arrays.stream(targets).mapToLong(index::pts).toArray();
        // A timestamp asks for "the first frame at or after t": a later frame still answers it if that one is
        // lost; an index or keyframe asks for exactly that frame.
        strict = plan.kind() != SamplePlan.Kind.TIMESTAMPS;
        fast = fastSeek && plan.kind() != SamplePlan.Kind.KEYFRAMES;
        // MPEG-TS and its kin seek by a bisection on timestamps that can land far from the frame asked for
        seekingDisabled = !demuxer.seeksPrecisely();
    }

    @Override
    public boolean finished() {
        return next >= targets.length;
    }

    @Override
    public void begin() {
        frontier = firstKeyframe();
        planSeek();
    }

    private int firstKeyframe() {
        int[] keys = index.keyIndices();
        return keys.length > 0 ? keys[0] : 0;
    }

    /** Seeks when the keyframe before the next target lies beyond everything the demuxer has reached. */
    private void planSeek() {
        if (seekingDisabled || finished()) {
            return;
        }
        int key = index.keyframeAtOrBefore(targets[next]);
        if (key > frontier) {
            seekTarget = key;
        }
    }

    @Override
    public boolean seekPending() {
        return seekTarget >= 0;
    }

    @Override
    public void seek() {
        int key = seekTarget;
        seekTarget = -1;
        long ts = index.seekTimestamp(key);
        int r = demuxer.seek(ts);
        decoder.flush();
        av_frame_unref(held);
        heldIndex = -1;
        if (r < 0) {
            // The demuxer cannot seek here; decoding on from where we are is slower but still right, but the
            // decoder was flushed, so restart from the beginning of the file.
            LOG.debug("{}: seeking to frame {} failed ({}); decoding front to back", path, key, Ffmpeg.describe(r));
            seekingDisabled = true;
            int back = demuxer.seek(index.seekTimestamp(0));
            if (back < 0) {
                fatal = new DeepfakeException(ErrorCode.DECODE_FAILED, "Cannot seek in " + path + ": "
                        + Ffmpeg.describe(r), path, null);
            }
            frontier = -1;
            return;
        }
        frontier = key;
        landingLimit = ts;
        seeks++;
    }

    @Override
    public int skipFor(AVPacket pkt) {
        long pts = pkt.pts();
        if (landingLimit != Long.MAX_VALUE) {
            if (pts != AV_NOPTS_VALUE && pts > landingLimit && !seekingDisabled) {
                // The demuxer landed after the keyframe we asked for: frames between could be lost. Go back
                // to the start and stop seeking; slower, never wrong.
                LOG.debug("{}: seek overshot ({} > {}); decoding front to back", path, pts, landingLimit);
                seekingDisabled = true;
                seekTarget = firstKeyframe();
            }
            landingLimit = Long.MAX_VALUE;
        }
        if ((pkt.flags() & AV_PKT_FLAG_KEY) != 0 && index.contains(pts)) {
            frontier = Math.max(frontier, index.indexOf(pts));
        }
        if (fast) {
            return AVDISCARD_BIDIR;
        }
        boolean wanted = pts == AV_NOPTS_VALUE || Arrays.binarySearch(targetPts, next, targetPts.length, pts) >= 0;
        // Non-reference frames that nobody asked for can be dropped: no other frame needs them.
        return wanted ? AVDISCARD_DEFAULT : AVDISCARD_NONREF;
    }

    @Override
    public void onFrame(AVFrame f) throws DeepfakeException {
        long pts = FrameDelivery.bestTimestamp(f);
        if (pts == AV_NOPTS_VALUE) {
            return;
        }
        int idx = index.indexOf(pts);
        if (fast) {
            onFrameFast(f, pts, idx);
            return;
        }
        boolean advanced = false;
        while (!finished() && targets[next] < idx) {
            if (!strict) {
                delivery.deliver(f, idx);
            } else {
                missingTargets.add(targets[next]);
            }
            next++;
            advanced = true;
        }
        if (!finished() && targets[next] == idx) {
            delivery.deliver(f, idx);
            next++;
            advanced = true;
        }
        if (advanced) {
            planSeek();
        }
    }

    /** Fast mode: each target gets whichever decoded frame (I or P) is nearest to it in time. */
    private void onFrameFast(AVFrame f, long pts, int idx) throws DeepfakeException {
        boolean advanced = false;
        while (!finished() && targetPts[next] <= pts) {
            long wanted = targetPts[next];
            boolean heldIsNearer = heldIndex >= 0 && wanted - index.pts(heldIndex) <= pts - wanted;
            if (heldIsNearer) {
                delivery.deliver(held, heldIndex);
            } else {
                delivery.deliver(f, idx);
            }
            next++;
            advanced = true;
        }
        av_frame_unref(held);
        av_frame_move_ref(held, f);
        heldIndex = idx;
        if (advanced) {
            planSeek();
        }
    }

    @Override
    public void finish() throws DeepfakeException {
        if (fast && !finished() && heldIndex >= 0) {
            // The stream ended: the last decoded frame is the nearest one to every target left.
            delivery.deliver(held, heldIndex);
            next = targets.length;
        }
        if (!missingTargets.isEmpty()) {
            warnings.add(path + ": frame(s) " + missingTargets + " could not be decoded (corrupt?) and were skipped");
        }
        if (fatal != null) {
            throw fatal;
        }
    }

    @Override
    public String undelivered() {
        int[] left = Arrays.copyOfRange(targets, next, targets.length);
        return left.length + " frame(s) from index " + left[0];
    }

    @Override
    public int seeks() {
        return seeks;
    }
}
