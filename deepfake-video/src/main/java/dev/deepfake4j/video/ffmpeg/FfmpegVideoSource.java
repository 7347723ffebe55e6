package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.FrameSelector;
import dev.deepfake4j.spi.FrameSink;
import dev.deepfake4j.spi.VideoSource;
import java.io.IOException;
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
 * <p><b>Inputs.</b> A file is opened by path; a stream is first copied into a spool file ({@link StreamSpool}),
 * which this source removes on close; bytes and seekable channels are read in place through {@link CustomIo}; a URI
 * whose scheme is allowed is opened by FFmpeg's own protocols ({@link Opening#network}). Messages name the
 * input's display name, never the spool file.
 *
 * <p><b>Ownership.</b> This object owns every native object it uses: the demuxer's {@code AVFormatContext}, the
 * decoder's {@code AVCodecContext} (and CUDA device and transfer frame), two {@code AVFrame}s, one {@code AVPacket},
 * the {@link FrameConverter}'s {@code SwsContext} and pixel buffers, the {@link CustomIo} context and its buffer
 * (freed after the format context that reads through them), and the spool file. {@link #close()} frees all of them; it is
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
    /** The custom I/O the demuxer reads through, or {@code null}. */
    private CustomIo io;
    /** The temporary copy of a stream, removed on close, or {@code null}. */
    private Path spool;
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
        return open(VideoInput.of(path), options, false);
    }

    /**
     * Opens any input: see the class documentation for how each kind is read.
     *
     * @param input the video
     * @param options decoding, spooling and network options
     * @param sequential whether a stream is read in place, front to back, instead of spooled
     *        ({@link FfmpegVideoDecoder#openSequential})
     * @return an open source, owned by the caller
     * @throws DeepfakeException see {@link FfmpegVideoDecoder#open(VideoInput, DecodeOptions)}
     */
    static FfmpegVideoSource open(VideoInput input, DecodeOptions options, boolean sequential)
            throws DeepfakeException {
        if (input instanceof VideoInput.OfPath file) {
            VideoFileCheck.check(file.path());
        } else if (input instanceof VideoInput.OfUri uri) {
            uri.requireAllowed(options.allowedProtocols());
        }
        FfmpegVideoSource source = new FfmpegVideoSource(input.reportPath(), options);
        try {
            Opening opening = source.prepare(input, sequential);
            source.openNative(opening);
            return source;
        } catch (DeepfakeException e) {
            DeepfakeException typed = source.ioFailure(e);
            source.close();
            throw typed;
        } catch (RuntimeException | Error e) {
            source.close();
            throw e;
        }
    }

    /**
     * Spools a stream (or, read sequentially, wraps it in custom I/O without seeking) or wraps bytes and channels in
     * custom I/O (kept in fields, so close frees them).
     */
    private Opening prepare(VideoInput input, boolean sequential) throws DeepfakeException {
        if (input instanceof VideoInput.OfPath file) {
            Ffmpeg.init();
            return Opening.file(file.path());
        }
        if (input instanceof VideoInput.OfStream stream && sequential) {
            Ffmpeg.init();
            io = CustomIo.of(Mp4Layout.requireStreamable(stream.stream(), path), input.name());
            return Opening.custom(io);
        }
        if (input instanceof VideoInput.OfStream stream) {
            spool = StreamSpool.spool(stream, options);
            Ffmpeg.init();
            return Opening.file(spool);
        }
        if (input instanceof VideoInput.OfUri uri) {
            Ffmpeg.init();
            return Opening.network(uri.uri(), options.allowedProtocols(), options.networkTimeout(),
                    options.tlsCaFile());
        }
        Ffmpeg.init();
        if (input instanceof VideoInput.OfBytes bytes) {
            io = CustomIo.of(bytes.buffer(), input.name());
        } else if (input instanceof VideoInput.OfChannel channel) {
            try {
                channel.channel().position(0);
            } catch (IOException e) {
                throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot go to the start of " + input.describe()
                        + ": " + e, path, e);
            }
            io = CustomIo.of(channel.channel(), input.name());
        } else {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "The FFmpeg decoder cannot read "
                    + input.describe(), path, null);
        }
        if (io.size() == 0) {
            throw new DeepfakeException(ErrorCode.NOT_A_VIDEO, input.describe() + " is empty (0 bytes), not a video",
                    path, null);
        }
        return Opening.custom(io);
    }

    /**
     * @param e what FFmpeg's side reported
     * @return {@code IO_FAILURE} naming the input, with the exception a custom I/O callback caught as its cause and
     *         {@code e} suppressed, when there is one; else {@code e}
     */
    private DeepfakeException ioFailure(DeepfakeException e) {
        Throwable caught = io != null ? io.failure() : null;
        if (caught == null || e.code() == ErrorCode.IO_FAILURE) {
            return e;
        }
        DeepfakeException typed = new DeepfakeException(ErrorCode.IO_FAILURE, "Reading " + path + " failed: "
                + caught, path, caught);
        typed.addSuppressed(e);
        return typed;
    }

    /** @throws DeepfakeException {@code IO_FAILURE} when a custom I/O callback caught an exception */
    private void checkIo() throws DeepfakeException {
        Throwable caught = io != null ? io.failure() : null;
        if (caught != null) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Reading " + path + " failed: " + caught, path, caught);
        }
    }

    private void openNative(Opening opening) throws DeepfakeException {
        Deadline deadline = Deadline.after(options.timeout());
        demuxer = Demuxer.open(path, opening, options);
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        held = av_frame_alloc();
        if (packet == null || frame == null || held == null) {
            throw new OutOfMemoryError("FFmpeg could not allocate a packet or frame for " + path);
        }
        if (demuxer.byteSize() <= FULL_SCAN_LIMIT_BYTES) {
            index = PacketScanner.scan(demuxer, packet, deadline, warnings);
            checkIo();
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
        return drive(run, delivery, deadline);
    }

    /**
     * Reads the input front to back without its packet index (as a live or non-seekable input must be read) and
     * offers each decoded frame to {@code selector} by its own presentation time; the options' timeout covers the
     * whole call.
     */
    @Override
    public int decodeStream(FrameSelector selector, FrameSink sink) throws DeepfakeException {
        checkOpen();
        Deadline deadline = Deadline.after(options.timeout());
        FrameDelivery delivery = new FrameDelivery(path, sink, converter, decoder, clock, deadline);
        return drive(new SelectorRun(selector, delivery, clock), delivery, deadline);
    }

    private int drive(DecodeRun run, FrameDelivery delivery, Deadline deadline) throws DeepfakeException {
        if (run.finished()) {
            return 0;
        }
        av_frame_unref(held);
        long start = index != null && index.frameCount() > 0 ? index.seekTimestamp(0) : Long.MIN_VALUE;
        if (demuxer.rewind(start)) {
            decoder.flush();
        }
        run.begin();
        try {
            new DecodeLoop(demuxer, decoder, packet, frame, deadline, warnings).run(run);
        } catch (DeepfakeException e) {
            throw ioFailure(e);
        }
        checkIo();
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
            demuxer.close(); // first: the format context reads through the custom I/O
            demuxer = null;
        }
        if (io != null) {
            io.close();
            io = null;
        }
        if (spool != null) {
            StreamSpool.delete(spool);
            spool = null;
        }
    }

    @Override
    public String toString() {
        return "FfmpegVideoSource[" + path + (closed ? ", closed" : "") + "]";
    }
}
