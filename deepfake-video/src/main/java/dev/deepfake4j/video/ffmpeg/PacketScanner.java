package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_DISCARD;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import dev.deepfake4j.DeepfakeException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every packet of the chosen stream once, without decoding, to build its {@link PacketIndex}; reports a file
 * that ends before its header says it should. Not thread-safe: one scan, one thread.
 */
final class PacketScanner {
    private static final Logger LOG = LoggerFactory.getLogger(PacketScanner.class);

    private final Demuxer demuxer;
    private final AVPacket packet;
    /** Timestamp and keyframe flag of each packet, in file order; grown by doubling. */
    private long[] pts = new long[256];
    private boolean[] key = new boolean[256];
    private int count;

    private PacketScanner(Demuxer demuxer, AVPacket packet) {
        this.demuxer = demuxer;
        this.packet = packet;
    }

    /**
     * Reads the demuxer to its end (it must then be rewound before decoding).
     *
     * @param demuxer an open demuxer at the start of its file
     * @param packet a packet to read into, owned by the caller
     * @param deadline when to stop
     * @param warnings where a file cut short is reported
     * @return the index, or {@code null} when some packet has no timestamp or two share one (then frames are
     *         counted by decoding front to back)
     * @throws DeepfakeException {@code CANCELLED} when interrupted or the deadline passes
     */
    static PacketIndex scan(Demuxer demuxer, AVPacket packet, Deadline deadline, DecodeWarnings warnings)
            throws DeepfakeException {
        return new PacketScanner(demuxer, packet).run(deadline, warnings);
    }

    private PacketIndex run(Deadline deadline, DecodeWarnings warnings) throws DeepfakeException {
        Path path = demuxer.path();
        boolean missingPts = false;
        int readError;
        while (true) {
            deadline.check("reading the packet index of " + path, path);
            int r = demuxer.read(packet);
            if (r < 0) {
                deadline.check("reading the packet index of " + path, path); // interrupted, not cut short
                readError = r == AVERROR_EOF ? 0 : r;
                break;
            }
            try {
                if (packet.stream_index() != demuxer.streamIndex() || (packet.flags() & AV_PKT_FLAG_DISCARD) != 0) {
                    continue;
                }
                missingPts |= packet.pts() == AV_NOPTS_VALUE;
                record(packet.pts(), (packet.flags() & AV_PKT_FLAG_KEY) != 0);
            } finally {
                av_packet_unref(packet);
            }
        }
        long promised = demuxer.stream().nb_frames();
        if (readError != 0) {
            warnings.add(String.format(Locale.ROOT, "%s seems cut short: reading stopped after %d frames (%s)%s; "
                    + "frames after that cannot be delivered", path, count, Ffmpeg.describe(readError),
                    promised > count ? "; its header promised " + promised : ""));
        } else if (promised > count) {
            warnings.add(String.format(Locale.ROOT, "%s seems cut short: its header promises %d frames but the file "
                    + "holds %d; frames after that cannot be delivered", path, promised, count));
        }
        if (missingPts) {
            LOG.debug("{}: some packets carry no timestamp; decoding front to back", path);
            return null;
        }
        PacketIndex built = PacketIndex.build(Arrays.copyOf(pts, count), Arrays.copyOf(key, count));
        if (built == null) {
            LOG.debug("{}: two packets share a timestamp; decoding front to back", path);
        }
        return built;
    }

    private void record(long timestamp, boolean keyframe) {
        if (count == pts.length) {
            pts = Arrays.copyOf(pts, count * 2);
            key = Arrays.copyOf(key, count * 2);
        }
        pts[count] = timestamp;
        key[count] = keyframe;
        count++;
    }
}
