package dev.deepfake4j.video.ffmpeg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The presentation order of one video stream, learned by reading (not decoding) all of its packets once: every
 * frame's presentation timestamp, the decode timestamp to seek to, and which frames are keyframes. It is what makes
 * frame indices exact when the decoder seeks or skips: a frame's index is the rank of its timestamp here.
 *
 * <p>Timestamps are in the stream's time base. Immutable after construction; thread-safe.
 */
final class PacketIndex {
    private final long[] pts;
    private final long[] seekTs;
    private final int[] keyIndices;

    private PacketIndex(long[] pts, long[] seekTs, int[] keyIndices) {
        this.pts = pts;
        this.seekTs = seekTs;
        this.keyIndices = keyIndices;
    }

    /**
     * Builds the index from packets in file (decode) order.
     *
     * @param ptsInDecodeOrder presentation timestamps; none may be {@code AV_NOPTS_VALUE}
     * @param keyInDecodeOrder whether the container marks the packet as a keyframe
     * @return the index, or {@code null} when two packets share a timestamp (then ranks are not frame indices)
     */
    static PacketIndex build(long[] ptsInDecodeOrder, boolean[] keyInDecodeOrder) {
        int n = ptsInDecodeOrder.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(ptsInDecodeOrder[a], ptsInDecodeOrder[b]));
        long[] pts = new long[n];
        long[] seekTs = new long[n];
        List<Integer> keys = new ArrayList<>();
        for (int rank = 0; rank < n; rank++) {
            int i = order[rank];
            pts[rank] = ptsInDecodeOrder[i];
            if (rank > 0 && pts[rank] == pts[rank - 1]) {
                return null;
            }
            // The packet's presentation time: a backward seek to it lands on this keyframe or an earlier one. (MP4
            // indexes by unshifted decode time, which differs from the packets' shifted dts; seeking to the dts
            // lands one keyframe early.)
            seekTs[rank] = pts[rank];
            if (keyInDecodeOrder[i]) {
                keys.add(rank);
            }
        }
        return new PacketIndex(pts, seekTs, keys.stream().mapToInt(Integer::intValue).toArray());
    }

    /** @return number of frames */
    int frameCount() {
        return pts.length;
    }

    /** @param index display index @return its presentation timestamp in stream time base */
    long pts(int index) {
        return pts[index];
    }

    /** @param index display index @return the timestamp to hand {@code av_seek_frame} to land on that frame's packet */
    long seekTimestamp(int index) {
        return seekTs[index];
    }

    /** @return the first presentation timestamp (the origin of delivered times), or 0 when there is no frame */
    long firstPts() {
        return pts.length == 0 ? 0 : pts[0];
    }

    /** @return display indices of keyframes, ascending (a copy) */
    int[] keyIndices() {
        return keyIndices.clone();
    }

    /**
     * @param timestamp a presentation timestamp
     * @return the display index of the frame with exactly that timestamp, or the index of the first later frame
     *         (so a timestamp the index does not know still gets a stable, ordered index)
     */
    int indexOf(long timestamp) {
        int i = Arrays.binarySearch(pts, timestamp);
        return i >= 0 ? i : -i - 1;
    }

    /** @param timestamp a presentation timestamp @return whether a frame has exactly that timestamp */
    boolean contains(long timestamp) {
        return Arrays.binarySearch(pts, timestamp) >= 0;
    }

    /**
     * @param index a display index
     * @return the largest keyframe index at or before it, or -1 when no keyframe precedes it
     */
    int keyframeAtOrBefore(int index) {
        int i = Arrays.binarySearch(keyIndices, index);
        if (i >= 0) {
            return keyIndices[i];
        }
        int insertion = -i - 1;
        return insertion == 0 ? -1 : keyIndices[insertion - 1];
    }

    /**
     * @param seconds a time from the first frame, in seconds
     * @param timeBaseSeconds the stream time base in seconds
     * @return the first frame whose time from the first frame is at or after {@code seconds} (1 µs tolerance, so
     *         that a time printed from a frame's own timestamp finds that frame), or {@link #frameCount()} if none
     */
    int firstAtOrAfter(double seconds, double timeBaseSeconds) {
        long origin = firstPts();
        int lo = 0;
        int hi = pts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((pts[mid] - origin) * timeBaseSeconds < seconds - 1e-6) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
