package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import dev.deepfake4j.image.Frame;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * Writes small MPEG-4 Part 2 videos in an MP4 container with FFmpeg's own encoder (in-process: the bundled
 * {@code ffmpeg} binary needs libpulse, which this machine lacks), in which every frame shows its own index as a
 * row of {@link #BITS} black or white 16-pixel blocks (bit 0 leftmost). {@link #shownIndex} reads it back, so a test
 * can tell exactly which frame it got.
 */
final class SyntheticVideo {
    static final int BITS = 10;
    static final int WIDTH = 16 * BITS;
    static final int HEIGHT = 64;

    private SyntheticVideo() {
    }

    /**
     * @param file where to write ({@code .mp4})
     * @param ptsMillis each frame's presentation time in milliseconds (ascending); variable spacing makes VFR video
     * @param maxBFrames consecutive B-frames the encoder may use (0 for none)
     * @param gop frames between keyframes
     * @return {@code file}
     */
    static Path write(Path file, long[] ptsMillis, int maxBFrames, int gop) {
        AVCodec encoder = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
        AVFormatContext out = new AVFormatContext(null);
        check(avformat_alloc_output_context2(out, null, null, file.toString()), "alloc output");
        AVCodecContext enc = avcodec_alloc_context3(encoder);
        AVFrame frame = av_frame_alloc();
        AVPacket pkt = av_packet_alloc();
        try {
            AVRational tb = new AVRational().num(1).den(1000);
            enc.width(WIDTH).height(HEIGHT).pix_fmt(AV_PIX_FMT_YUV420P).time_base(tb).gop_size(gop)
                    .max_b_frames(maxBFrames);
            enc.framerate(new AVRational().num(25).den(1));
            enc.flags(enc.flags() | AV_CODEC_FLAG_QSCALE);
            enc.global_quality(2 * 118); // FF_QP2LAMBDA * 2: near-lossless, so the blocks read back exactly
            if ((out.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            check(avcodec_open2(enc, encoder, (AVDictionary) null), "open encoder");
            AVStream st = avformat_new_stream(out, null);
            check(avcodec_parameters_from_context(st.codecpar(), enc), "parameters");
            st.time_base(tb);
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "open file");
            out.pb(pb);
            check(avformat_write_header(out, (AVDictionary) null), "write header");

            frame.format(AV_PIX_FMT_YUV420P).width(WIDTH).height(HEIGHT);
            check(av_frame_get_buffer(frame, 0), "frame buffer");
            for (int i = 0; i < ptsMillis.length; i++) {
                check(av_frame_make_writable(frame), "writable");
                paint(frame, i);
                frame.pts(ptsMillis[i]);
                check(avcodec_send_frame(enc, frame), "send frame");
                drain(enc, pkt, out, st);
            }
            check(avcodec_send_frame(enc, null), "flush");
            drain(enc, pkt, out, st);
            check(av_write_trailer(out), "trailer");
            avio_closep(out.pb());
        } finally {
            av_packet_free(pkt);
            av_frame_free(frame);
            avcodec_free_context(enc);
            avformat_free_context(out);
        }
        return file;
    }

    /** @return {@code n} frames at a constant 25 fps */
    static long[] constantRate(int n) {
        long[] pts = new long[n];
        for (int i = 0; i < n; i++) {
            pts[i] = i * 40L;
        }
        return pts;
    }

    /**
     * @param frame a decoded frame of a synthetic video, at its original size and upright
     * @return the index the frame shows
     */
    static int shownIndex(Frame frame) {
        int value = 0;
        for (int b = 0; b < BITS; b++) {
            if (frame.sample(16 * b + 8, HEIGHT / 2, 1) > 128) {
                value |= 1 << b;
            }
        }
        return value;
    }

    private static void paint(AVFrame frame, int index) {
        BytePointer y = frame.data(0);
        int stride = frame.linesize(0);
        for (int row = 0; row < HEIGHT; row++) {
            for (int col = 0; col < WIDTH; col++) {
                boolean on = ((index >> (col / 16)) & 1) != 0;
                y.put((long) row * stride + col, (byte) (on ? 235 : 16));
            }
        }
        for (int plane = 1; plane <= 2; plane++) {
            BytePointer c = frame.data(plane);
            int cs = frame.linesize(plane);
            for (int row = 0; row < HEIGHT / 2; row++) {
                for (int col = 0; col < WIDTH / 2; col++) {
                    c.put((long) row * cs + col, (byte) 128);
                }
            }
        }
    }

    private static void drain(AVCodecContext enc, AVPacket pkt, AVFormatContext out, AVStream st) {
        while (avcodec_receive_packet(enc, pkt) == 0) {
            if (pkt.duration() <= 0) {
                // Without a duration the MP4 muxer's edit list ends where the last frame starts, hiding that frame.
                pkt.duration(40);
            }
            av_packet_rescale_ts(pkt, enc.time_base(), st.time_base());
            pkt.stream_index(st.index());
            check(av_interleaved_write_frame(out, pkt), "write packet");
        }
    }

    private static void check(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException("FFmpeg failed to " + what + ": " + Ffmpeg.describe(r));
        }
    }
}
