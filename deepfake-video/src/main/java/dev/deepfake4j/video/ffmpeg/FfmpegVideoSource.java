package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.FrameSink;
import dev.deepfake4j.spi.VideoSource;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open video file, decoded with FFmpeg's libavformat/libavcodec (see the package documentation for the
 * frame-index rule, seeking, skipping and fast mode). It wires the parts together: {@link VideoFileCheck} (the
 * path), {@link Demuxer} (the container and its video stream), {@link PacketScanner} (the {@link PacketIndex}),
 * {@link VideoInfoProbe} (the {@link VideoInfo}), {@link DecoderSession} (the codec, with CUDA when asked) and, per
 * {@link #decode} call, a {@link DecodeLoop} driving an {@link IndexedRun} or a {@link SequentialRun}.
 *
 * <p><b>Ownership.</b> This object owns every native object it uses: the demuxer's {@code AVFormatContext}, the
 * decoder's {@code AVCodecContext} (and CUDA device and transfer frame), two {@code AVFrame}s, one {@code AVPacket},
 * and the {@link FrameConverter}'s {@code SwsContext} and pixel buffers. {@link #close()} frees all of them; it is
 * idempotent, and every other method fails with {@link IllegalStateException} after it. If opening fails, whatever
 * was allocated is freed before the exception leaves.
 *
 * <p><b>Threads.</b> Not thread-safe: one thread opens, decodes and closes it (FFmpeg's own decoder threads work
 * inside {@link #decode}).
 */
final class FfmpegVideoSource implements VideoSource {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegVideoSource.class);

    /**
     * Files up to this size are read once at open (packets only, no decoding: a few milliseconds for a DFDC clip)
     * to learn every frame's timestamp and keyframe; larger ones are decoded front to back, counting frames.
     */
    static final long FULL_SCAN_LIMIT_BYTES = 1L << 30;

    private final Path path;
    private final DecodeOptions options;
    private final DecodeWarnings warnings = new DecodeWarnings();
    private Demuxer demuxer;
    private DecoderSession decoder;
    private AVPacket packet;
    /** Receives each decoded frame. */
    private AVFrame frame;
    /** Holds fast mode's previous decoded frame between packets. */
    private AVFrame held;
    private FrameConverter converter;
    private PacketIndex index;
    private StreamClock clock;
    private VideoInfo info;
    private boolean closed;

    private FfmpegVideoSource(Path path, DecodeOptions options) {
        this.path = path;
        this.options = options;
    }

    /**
     * Opens {@code path}: checks the file, reads the container header, picks the best video stream, checks its size
     * against the limits, reads its packet index (files up to {@link #FULL_SCAN_LIMIT_BYTES}) and opens the decoder.
     *
     * @param path the video file
     * @param options decoding options
     * @return an open source, owned by the caller
     * @throws DeepfakeException see {@link dev.deepfake4j.spi.VideoDecoder#open}
     */
    static FfmpegVideoSource open(Path path, DecodeOptions options) throws DeepfakeException {
        VideoFileCheck.check(path);
        Ffmpeg.init();
        FfmpegVideoSource source = new FfmpegVideoSource(path, options);
        try {
            source.openNative();
            return source;
        } catch (DeepfakeException | RuntimeException | Error e) {
            source.close();
            throw e;
        }
    }

    private void openNative() throws DeepfakeException {
        Deadline deadline = Deadline.after(options.timeout());
        demuxer = Demuxer.open(path, options);
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        held = av_frame_alloc();
        if (packet == null || frame == null || held == null) {
            throw new OutOfMemoryError("FFmpeg could not allocate a packet or frame for " + path);
        }
        if (VideoFileCheck.sizeOrMax(path) <= FULL_SCAN_LIMIT_BYTES) {
            index = PacketScanner.scan(demuxer, packet, deadline, warnings);
        }
        AVStream stream = demuxer.stream();
        long originPts = index != null ? index.firstPts()
                : stream.start_time() != AV_NOPTS_VALUE ? stream.start_time() : 0;
        clock = new StreamClock(demuxer.timeBaseNum(), demuxer.timeBaseDen(), originPts);
        info = VideoInfoProbe.describe(demuxer, index);
        decoder = DecoderSession.open(demuxer, options, warnings);
        converter = new FrameConverter(path, options.pixelFormat(), demuxer.rotationDegrees(),
                options.scaleLongSide(), options.maxWidth(), options.maxHeight());
        LOG.debug("Opened {}", info);
    }

    @Override
    public VideoInfo info() {
        checkOpen();
        return info;
    }

    @Override
    public List<String> warnings() {
        checkOpen();
        return warnings.lines();
    }

    @Override
    public int decode(SamplePlan plan, FrameSink sink) throws DeepfakeException {
        checkOpen();
        Deadline deadline = Deadline.after(options.timeout());
        FrameDelivery delivery = new FrameDelivery(path, sink, converter, decoder, clock, deadline);
        DecodeRun run = index != null
                ? new IndexedRun(plan, options.fastSeek(), index, clock, demuxer, decoder, held, delivery, warnings)
                : new SequentialRun(plan, delivery, clock);
        if (run.finished()) {
            return 0;
        }
        av_frame_unref(held);
        long start = index != null && index.frameCount() > 0 ? index.seekTimestamp(0) : Long.MIN_VALUE;
        if (demuxer.rewind(start)) {
            decoder.flush();
        }
        run.begin();
        new DecodeLoop(demuxer, decoder, packet, frame, deadline, warnings).run(run);
        LOG.debug("{}: delivered {} frames", path, delivery.delivered());
        return delivery.delivered();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Video source for " + path + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (converter != null) {
            converter.close();
            converter = null;
        }
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (held != null) {
            av_frame_free(held);
            held = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (demuxer != null) {
            demuxer.close();
            demuxer = null;
        }
    }

    @Override
    public String toString() {
        return "FfmpegVideoSource[" + path + (closed ? ", closed" : "") + "]";
    }
}
