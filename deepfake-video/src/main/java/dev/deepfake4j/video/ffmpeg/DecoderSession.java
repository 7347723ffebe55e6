package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG2_FAST;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.spi.DecodeOptions;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The open libavcodec decoder of one video stream: frame and slice threading, optional CUDA/NVDEC decoding
 * ({@link CudaDecoding}), and the send/receive calls the decode loop makes.
 *
 * <p><b>Ownership.</b> Owns the {@code AVCodecContext} and the {@link CudaDecoding} state; {@link #close()} frees
 * them (idempotent). If opening fails, both are freed before the exception leaves. <b>Threads.</b> Not
 * thread-safe: one thread calls it (FFmpeg's own decoder threads work inside {@link #send} and {@link #receive}).
 */
final class DecoderSession implements AutoCloseable {
    private AVCodecContext codec;
    private CudaDecoding cuda;

    private DecoderSession() {
    }

    /**
     * @param demuxer the open container whose chosen stream is decoded
     * @param options {@link DecodeOptions#threads()} (0: one per processor) and
     *        {@link DecodeOptions#hardwareDecoding()}
     * @param warnings where a fallback from hardware to software decoding is reported
     * @return the open decoder, owned by the caller
     * @throws DeepfakeException {@code UNSUPPORTED_INPUT} (no decoder for the codec in this FFmpeg build),
     *         {@code DECODE_FAILED} (the decoder cannot be configured or opened)
     */
    static DecoderSession open(Demuxer demuxer, DecodeOptions options, DecodeWarnings warnings)
            throws DeepfakeException {
        DecoderSession session = new DecoderSession();
        try {
            session.openCodec(demuxer, options, warnings);
            return session;
        } catch (DeepfakeException | RuntimeException | Error e) {
            session.close();
            throw e;
        }
    }

    private void openCodec(Demuxer demuxer, DecodeOptions options, DecodeWarnings warnings)
            throws DeepfakeException {
        Path path = demuxer.path();
        String codecName = demuxer.codecName();
        AVCodecParameters params = demuxer.stream().codecpar();
        cuda = CudaDecoding.none(path);
        AVCodec decoder = avcodec_find_decoder(params.codec_id());
        if (decoder == null || decoder.isNull()) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "This FFmpeg build has no decoder for the "
                    + codecName + " video of " + path, path, null);
        }
        codec = avcodec_alloc_context3(decoder);
        if (codec == null || codec.isNull()) {
            codec = null;
            throw new OutOfMemoryError("FFmpeg could not allocate a decoder context for " + path);
        }
        int r = avcodec_parameters_to_context(codec, params);
        if (r < 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "Cannot configure the " + codecName + " decoder for "
                    + path + ": " + Ffmpeg.describe(r), path, null);
        }
        codec.pkt_timebase(demuxer.stream().time_base());
        int threads = options.threads() == 0 ? Runtime.getRuntime().availableProcessors() : options.threads();
        codec.thread_count(threads);
        codec.thread_type(Ffmpeg.THREAD_FRAME_AND_SLICE);
        if (params.codec_id() == AV_CODEC_ID_H264) {
            // H.264's "fast" flag skips a copy of each NAL unit (exact) and, only under slice threading, deblocking
            // across slice edges (inexact). Offered both, libavcodec picks frame threading for H.264, so the frames
            // stay bit-exact (framemd5 of the 9 labelled clips: docs/benchmarks.md) at about 3% less decoding CPU.
            codec.flags2(codec.flags2() | AV_CODEC_FLAG2_FAST);
        }
        if (options.skipLoopFilter()) {
            codec.skip_loop_filter(AVDISCARD_ALL);
        }
        if (options.hardwareDecoding() == DecodeOptions.HardwareDecoding.CUDA) {
            cuda = CudaDecoding.attach(decoder, codec, codecName, path, warnings);
        }
        r = avcodec_open2(codec, decoder, (AVDictionary) null);
        if (r < 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "Cannot open the " + codecName + " decoder for "
                    + path + ": " + Ffmpeg.describe(r), path, null);
        }
    }

    /** @param skipFrame an {@code AVDISCARD_*} value for the packets sent from now on */
    void skipFrame(int skipFrame) {
        codec.skip_frame(skipFrame);
    }

    /** @param packet a packet, or {@code null} to start draining @return {@code avcodec_send_packet}'s code */
    int send(AVPacket packet) {
        return avcodec_send_packet(codec, packet);
    }

    /** @param frame receives the next decoded frame @return {@code avcodec_receive_frame}'s code */
    int receive(AVFrame frame) {
        return avcodec_receive_frame(codec, frame);
    }

    /** Drops every frame and packet the decoder holds; after a seek or rewind. */
    void flush() {
        avcodec_flush_buffers(codec);
    }

    /**
     * @param f a decoded frame
     * @return {@code f}, or its copy in main memory when it was decoded on the GPU (valid until the next call)
     * @throws DeepfakeException {@code DECODE_FAILED} when the copy from the GPU fails
     */
    AVFrame inMainMemory(AVFrame f) throws DeepfakeException {
        return cuda.inMainMemory(f);
    }

    @Override
    public void close() {
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (cuda != null) {
            cuda.close();
            cuda = null;
        }
    }
}
