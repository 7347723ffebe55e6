package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's read → send → receive loop for one {@code decode} call, driving a {@link DecodeRun}: it reads packets,
 * lets the run choose what the decoder skips and where to seek, hands every decoded frame to the run, drains the
 * decoder at the end of the stream, and counts what went wrong on the way. A file that stops early or holds
 * corrupt data is reported in the warnings while decoding goes on; only a file of which no frame decodes fails.
 * Not thread-safe: one loop per call.
 */
final class DecodeLoop {
    private static final Logger LOG = LoggerFactory.getLogger(DecodeLoop.class);

    private final Path path;
    private final Demuxer demuxer;
    private final DecoderSession decoder;
    private final AVPacket packet;
    private final AVFrame frame;
    private final Deadline deadline;
    private final DecodeWarnings warnings;
    private int framesDecoded;
    private int corruptFrames;
    private int corruptPackets;
    private int rejectedPackets;
    private String firstPacketError;

    /**
     * @param demuxer the container, at the start of its file
     * @param decoder its decoder, flushed
     * @param packet a packet to read into, owned by the caller
     * @param frame a frame to receive into, owned by the caller
     * @param deadline when to stop
     * @param warnings where problems that do not stop decoding are reported
     */
    DecodeLoop(Demuxer demuxer, DecoderSession decoder, AVPacket packet, AVFrame frame, Deadline deadline,
            DecodeWarnings warnings) {
        this.path = demuxer.path();
        this.demuxer = demuxer;
        this.decoder = decoder;
        this.packet = packet;
        this.frame = frame;
        this.deadline = deadline;
        this.warnings = warnings;
    }

    /**
     * Decodes until the run is finished or the stream ends.
     *
     * @param run the plan's execution, already begun
     * @throws DeepfakeException {@code CANCELLED}; {@code DECODE_FAILED} when no frame could be decoded or the run
     *         could not recover from a failed seek; whatever delivery throws
     */
    void run(DecodeRun run) throws DeepfakeException {
        int readError = 0;
        boolean draining = false;
        while (!run.finished()) {
            deadline.check("decoding " + path, path);
            if (run.seekPending()) {
                run.seek();
                continue;
            }
            int r = demuxer.read(packet);
            if (r < 0) {
                deadline.check("decoding " + path, path); // an interrupted read is a cancellation, not the end
                readError = r == AVERROR_EOF ? 0 : r;
                draining = true;
                break;
            }
            try {
                if (packet.stream_index() != demuxer.streamIndex()) {
                    continue;
                }
                if ((packet.flags() & AV_PKT_FLAG_CORRUPT) != 0) {
                    corruptPackets++;
                }
                decoder.skipFrame(run.skipFor(packet));
                send(run, packet);
            } finally {
                av_packet_unref(packet);
            }
            receive(run);
        }
        if (draining && !run.finished()) {
            send(run, null); // enter draining: the decoder gives back the frames it still holds
            receive(run);
        }
        run.finish();
        report(run, readError);
    }

    private void send(DecodeRun run, AVPacket pkt) throws DeepfakeException {
        int r = decoder.send(pkt);
        if (r == Ffmpeg.AVERROR_EAGAIN) {
            receive(run);
            if (run.finished() || run.seekPending()) {
                return;
            }
            r = decoder.send(pkt);
        }
        if (r < 0 && r != AVERROR_EOF && r != Ffmpeg.AVERROR_EAGAIN) {
            rejected(r);
        }
    }

    private void receive(DecodeRun run) throws DeepfakeException {
        while (!run.finished() && !run.seekPending()) {
            int r = decoder.receive(frame);
            if (r == Ffmpeg.AVERROR_EAGAIN || r == AVERROR_EOF) {
                return;
            }
            if (r < 0) {
                rejected(r);
                return;
            }
            try {
                deadline.check("decoding " + path, path);
                framesDecoded++;
                if ((frame.flags() & Ffmpeg.FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
                    corruptFrames++;
                }
                run.onFrame(frame);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    private void rejected(int code) {
        rejectedPackets++;
        if (firstPacketError == null) {
            firstPacketError = Ffmpeg.describe(code);
        }
    }

    private void report(DecodeRun run, int readError) throws DeepfakeException {
        String missing = run.finished() ? null : run.undelivered();
        if (readError != 0 && framesDecoded == 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "No frame could be decoded from " + path + ": "
                    + Ffmpeg.describe(readError), path, null);
        }
        if (framesDecoded == 0 && rejectedPackets > 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "No frame could be decoded from " + path + ": "
                    + rejectedPackets + " packet(s) rejected, first: " + firstPacketError, path, null);
        }
        if (readError != 0) {
            warnings.add(path + ": reading stopped early (" + Ffmpeg.describe(readError) + "); the file seems cut "
                    + "short" + (missing != null ? "; not delivered: " + missing : ""));
        } else if (missing != null) {
            warnings.add(path + ": the video ended before these planned frames: " + missing);
        }
        if (rejectedPackets > 0) {
            warnings.add(path + ": the decoder rejected " + rejectedPackets + " packet(s) (corrupt data?), first: "
                    + firstPacketError + "; decoding went on");
        }
        if (corruptPackets > 0 || corruptFrames > 0) {
            warnings.add(path + ": " + corruptPackets + " packet(s) marked corrupt by the container and "
                    + corruptFrames + " frame(s) decoded with errors (FFmpeg concealed them); decoding went on");
        }
        LOG.debug("{}: decoded {} frames, {} seek(s)", path, framesDecoded, run.seeks());
    }
}
