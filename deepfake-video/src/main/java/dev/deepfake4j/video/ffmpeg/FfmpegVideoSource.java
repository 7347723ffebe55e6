package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_BIDIR;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_DISCARD;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.FrameSink;
import dev.deepfake4j.spi.VideoSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avcodec.AVCodecHWConfig;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open video file, decoded with FFmpeg's libavformat/libavcodec (see the package documentation for the
 * frame-index rule, seeking, skipping and fast mode).
 *
 * <p><b>Ownership.</b> This object owns every native object it uses: the {@code AVFormatContext}, the
 * {@code AVCodecContext}, two {@code AVFrame}s (three with hardware decoding, and the hardware device context),
 * one {@code AVPacket}, and the {@link FrameConverter}'s
 * {@code SwsContext} and pixel buffers. {@link #close()} frees all of them; it is idempotent, and every other method
 * fails with {@link IllegalStateException} after it. If opening fails, whatever was allocated is freed before the
 * exception leaves.
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

    /** At most this many individual problem lines go to {@link #warnings()}; later ones are only counted. */
    private static final int MAX_WARNING_LINES = 20;

    private final Path path;
    private final DecodeOptions options;
    private final List<String> warnings = new ArrayList<>();
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private AVFrame held;
    /** The hardware decoder's device context when one is in use (CUDA/NVDEC), else null; owned. */
    private AVBufferRef hwDevice;
    /** Pixel format of frames in GPU memory when decoding on the GPU; -1 otherwise. */
    private int hwPixelFormat = -1;
    /** Receives a GPU frame copied back to main memory before conversion; allocated with {@link #hwDevice}. */
    private AVFrame hwTransfer;
    private FrameConverter converter;
    private int streamIndex;
    private long timeBaseNum;
    private long timeBaseDen;
    private PacketIndex index;
    private long originPts;
    private VideoInfo info;
    /** Whether packets were read since the demuxer was last at the start of the file. */
    private boolean readSinceRewind;
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
        checkFile(path);
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

    private static void checkFile(Path path) throws DeepfakeException {
        if (!Files.exists(path) && Files.isSymbolicLink(path)) {
            // A link that leads nowhere: dangling (not found) or a loop (ELOOP: it exists but can never be read).
            try {
                path.toRealPath();
            } catch (NoSuchFileException dangling) {
                throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, "Video file not found: " + path + " is a "
                        + "symbolic link to a file that does not exist (" + dangling.getMessage() + ")", path, dangling);
            } catch (IOException loop) {
                throw new DeepfakeException(ErrorCode.NOT_READABLE, "Video file " + path + " cannot be read: its "
                        + "symbolic links never reach a file (a loop?): " + loop.getMessage(), path, loop);
            }
        }
        if (!Files.exists(path)) {
            throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, "Video file not found: " + path
                    + " (check the path and the working directory " + Path.of("").toAbsolutePath() + ")", path, null);
        }
        if (Files.isDirectory(path)) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, path + " is a directory, not a video file; pass the "
                    + "video files inside it one by one", path, null);
        }
        if (!Files.isRegularFile(path)) {
            // A FIFO, socket or device: FFmpeg's open(2) on a FIFO blocks until a writer appears, before any
            // interrupt callback or time limit can act, so such inputs are refused up front rather than risk a
            // thread that never returns.
            throw new DeepfakeException(ErrorCode.NOT_READABLE, path + " is not a regular file (a pipe, socket or "
                    + "device); deepfake4j reads video files only: save the stream to a file first", path, null);
        }
        if (!Files.isReadable(path)) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Video file " + path + " cannot be read; check its "
                    + "permissions", path, null);
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Cannot read the size of " + path + ": " + e, path, e);
        }
        if (size == 0) {
            throw new DeepfakeException(ErrorCode.NOT_A_VIDEO, path + " is empty (0 bytes), not a video", path, null);
        }
    }

    private void openNative() throws DeepfakeException {
        Deadline deadline = Deadline.after(options.timeout());
        format = new AVFormatContext(null);
        // "file:" + an absolute path: a file named like a protocol ("pipe:3.mp4", "http:x.mp4") is read as the file
        // it is. The whitelist keeps FFmpeg from following references inside a file (an HLS playlist, a concat
        // list) to any other protocol, e.g. the network.
        AVDictionary openOptions = new AVDictionary(null);
        av_dict_set(openOptions, "protocol_whitelist", "file", 0);
        int r;
        try {
            r = avformat_open_input(format, "file:" + path.toAbsolutePath(), null, openOptions);
        } finally {
            av_dict_free(openOptions);
        }
        if (r < 0) {
            format = null; // avformat_open_input frees the context on failure
            throw new DeepfakeException(ErrorCode.NOT_A_VIDEO, "FFmpeg cannot read " + path + " as a video container: "
                    + Ffmpeg.describe(r) + " (not a video, or cut short before its index)", path, null);
        }
        r = avformat_find_stream_info(format, (AVDictionary) null);
        if (r < 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "FFmpeg cannot read the streams of " + path + ": "
                    + Ffmpeg.describe(r), path, null);
        }
        streamIndex = pickVideoStream();
        AVStream stream = format.streams(streamIndex);
        AVCodecParameters params = stream.codecpar();
        boolean hasAudio = false;
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream s = format.streams(i);
            hasAudio |= s.codecpar().codec_type() == AVMEDIA_TYPE_AUDIO;
            if (i != streamIndex) {
                // Other streams' packets are then skipped by the demuxer instead of handed to us.
                s.discard(org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL);
            }
        }
        AVRational tb = stream.time_base();
        timeBaseNum = tb.num();
        timeBaseDen = tb.den();
        if (timeBaseNum <= 0 || timeBaseDen <= 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "The video stream of " + path + " has no valid time "
                    + "base (" + timeBaseNum + "/" + timeBaseDen + ")", path, null);
        }
        int codedWidth = params.width();
        int codedHeight = params.height();
        String codecName = avcodec_get_name(params.codec_id()).getString();
        if (codedWidth <= 0 || codedHeight <= 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "FFmpeg found no frame size in the " + codecName
                    + " stream of " + path + " (damaged header?)", path, null);
        }
        int rotation = rotationOf(params);
        boolean quarterTurn = rotation % 180 != 0;
        int shownW = quarterTurn ? codedHeight : codedWidth;
        int shownH = quarterTurn ? codedWidth : codedHeight;
        if (shownW > options.maxWidth() || shownH > options.maxHeight()) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Video " + path + " is " + shownW + "x" + shownH
                    + " pixels, above the limit of " + options.maxWidth() + "x" + options.maxHeight()
                    + "; raise DecodeOptions.maxDimensions to accept it", path, null);
        }

        packet = av_packet_alloc();
        frame = av_frame_alloc();
        held = av_frame_alloc();
        if (packet == null || frame == null || held == null) {
            throw new OutOfMemoryError("FFmpeg could not allocate a packet or frame for " + path);
        }
        if (Files.isRegularFile(path) && sizeOf(path) <= FULL_SCAN_LIMIT_BYTES) {
            index = scanPackets(stream, deadline);
        }
        originPts = index != null ? index.firstPts()
                : stream.start_time() != AV_NOPTS_VALUE ? stream.start_time() : 0;
        info = buildInfo(stream, params, codecName, rotation, hasAudio);
        openDecoder(params, codecName);
        converter = new FrameConverter(path, options.pixelFormat(), rotation, options.scaleLongSide(),
                options.maxWidth(), options.maxHeight());
        LOG.debug("Opened {}", info);
    }

    private int pickVideoStream() throws DeepfakeException {
        int best = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
        if (best >= 0 && (format.streams(best).disposition() & AV_DISPOSITION_ATTACHED_PIC) == 0) {
            return best;
        }
        // av_find_best_stream may pick cover art (an MP3's attached picture); that is not a video.
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream s = format.streams(i);
            if (s.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO && (s.disposition() & AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return i;
            }
        }
        throw new DeepfakeException(ErrorCode.NOT_A_VIDEO, path + " has no video stream (FFmpeg reads it as "
                + format.iformat().name().getString() + " with " + format.nb_streams() + " stream(s)"
                + (best < 0 ? ": " + Ffmpeg.describe(best) : ", only a cover picture") + ")", path, null);
    }

    /** @return the clockwise rotation a player applies, from the stream's display matrix; 0 when there is none */
    private static int rotationOf(AVCodecParameters params) {
        AVPacketSideData sd = av_packet_side_data_get(params.coded_side_data(), params.nb_coded_side_data(),
                AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.size() < 9 * 4) {
            return 0;
        }
        double counterClockwise = av_display_rotation_get(new IntPointer(sd.data()));
        if (Double.isNaN(counterClockwise)) {
            return 0;
        }
        // Snap to quarter turns: phones write exact multiples of 90; anything else cannot be shown upright anyway.
        long quarter = Math.round(-counterClockwise / 90.0);
        return (int) Math.floorMod(quarter * 90, 360L);
    }

    private PacketIndex scanPackets(AVStream stream, Deadline deadline) throws DeepfakeException {
        long noPts = AV_NOPTS_VALUE;
        LongList pts = new LongList();
        List<Boolean> keys = new ArrayList<>();
        boolean missingPts = false;
        int readError = 0;
        while (true) {
            checkCancelled("reading the packet index of " + path, deadline);
            int r = av_read_frame(format, packet);
            if (r < 0) {
                readError = r == AVERROR_EOF ? 0 : r;
                break;
            }
            try {
                if (packet.stream_index() != streamIndex || (packet.flags() & AV_PKT_FLAG_DISCARD) != 0) {
                    continue;
                }
                if (packet.pts() == noPts) {
                    missingPts = true;
                }
                pts.add(packet.pts());
                keys.add((packet.flags() & AV_PKT_FLAG_KEY) != 0);
            } finally {
                av_packet_unref(packet);
            }
        }
        readSinceRewind = true;
        long promised = stream.nb_frames();
        if (readError != 0) {
            warn(String.format(Locale.ROOT, "%s seems cut short: reading stopped after %d frames (%s)%s; frames "
                    + "after that cannot be delivered", path, pts.size(), Ffmpeg.describe(readError),
                    promised > pts.size() ? "; its header promised " + promised : ""));
        } else if (promised > pts.size()) {
            warn(String.format(Locale.ROOT, "%s seems cut short: its header promises %d frames but the file holds "
                    + "%d; frames after that cannot be delivered", path, promised, pts.size()));
        }
        if (missingPts) {
            LOG.debug("{}: some packets carry no timestamp; decoding front to back", path);
            return null;
        }
        boolean[] key = new boolean[keys.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = keys.get(i);
        }
        PacketIndex built = PacketIndex.build(pts.toArray(), key);
        if (built == null) {
            LOG.debug("{}: two packets share a timestamp; decoding front to back", path);
        }
        return built;
    }

    private VideoInfo buildInfo(AVStream stream, AVCodecParameters params, String codecName, int rotation,
            boolean hasAudio) {
        double tb = timeBaseSeconds();
        double duration = Double.NaN;
        if (stream.duration() > 0 && stream.duration() != AV_NOPTS_VALUE) {
            duration = stream.duration() * tb;
        } else if (format.duration() > 0 && format.duration() != AV_NOPTS_VALUE) {
            duration = format.duration() / (double) AV_TIME_BASE;
        }
        double fps = Double.NaN;
        AVRational avg = stream.avg_frame_rate();
        if (avg.num() > 0 && avg.den() > 0) {
            fps = avg.num() / (double) avg.den();
        } else if (index != null && index.frameCount() > 1) {
            fps = (index.frameCount() - 1) / ((index.pts(index.frameCount() - 1) - index.firstPts()) * tb);
        } else if (stream.r_frame_rate().num() > 0 && stream.r_frame_rate().den() > 0) {
            fps = stream.r_frame_rate().num() / (double) stream.r_frame_rate().den();
        }
        if (Double.isNaN(duration) && index != null && index.frameCount() > 0) {
            // No duration in the header (e.g. a WebM written without one): last frame's time plus one frame.
            double last = (index.pts(index.frameCount() - 1) - index.firstPts()) * tb;
            duration = last + (fps > 0 ? 1 / fps : 0);
        }
        VideoInfo.Builder b = VideoInfo.builder()
                .path(path)
                .durationSeconds(duration)
                .fps(fps > 0 && Double.isFinite(fps) ? fps : Double.NaN)
                .codedSize(params.width(), params.height())
                .rotationDegrees(rotation)
                .codec(codecName)
                .hasAudio(hasAudio);
        if (index != null) {
            b.frameCount(index.frameCount(), true);
            b.keyframeIndices(Arrays.stream(index.keyIndices()).boxed().toList());
        } else if (stream.nb_frames() > 0) {
            b.frameCount(stream.nb_frames(), true);
        } else if (duration > 0 && fps > 0) {
            b.frameCount(Math.round(duration * fps), false);
        } else {
            b.frameCount(0, false);
        }
        return b.build();
    }

    private void openDecoder(AVCodecParameters params, String codecName) throws DeepfakeException {
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
        codec.pkt_timebase(format.streams(streamIndex).time_base());
        int threads = options.threads() == 0 ? Runtime.getRuntime().availableProcessors() : options.threads();
        codec.thread_count(threads);
        codec.thread_type(Ffmpeg.THREAD_FRAME_AND_SLICE);
        if (options.hardwareDecoding() == DecodeOptions.HardwareDecoding.CUDA) {
            attachCudaDecoder(decoder, codecName);
        }
        r = avcodec_open2(codec, decoder, (AVDictionary) null);
        if (r < 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "Cannot open the " + codecName + " decoder for "
                    + path + ": " + Ffmpeg.describe(r), path, null);
        }
    }

    /**
     * Hands the decoder an NVDEC device when this FFmpeg build and machine have one; otherwise leaves the decoder in
     * software and records why in {@link #warnings()}: hardware decoding is an optimisation, never a reason to fail.
     */
    private void attachCudaDecoder(AVCodec decoder, String codecName) {
        int hwFormat = -1;
        for (int i = 0; ; i++) {
            AVCodecHWConfig config = avcodec.avcodec_get_hw_config(decoder, i);
            if (config == null || config.isNull()) {
                break;
            }
            if (config.device_type() == avutil.AV_HWDEVICE_TYPE_CUDA
                    && (config.methods() & avcodec.AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX) != 0) {
                hwFormat = config.pix_fmt();
                break;
            }
        }
        if (hwFormat < 0) {
            warn("Hardware decoding (CUDA) was requested but this FFmpeg build's " + codecName
                    + " decoder has no CUDA hwaccel; decoding in software");
            return;
        }
        try (PointerPointer<AVBufferRef> device = new PointerPointer<>(1)) {
            int r = avutil.av_hwdevice_ctx_create(device, avutil.AV_HWDEVICE_TYPE_CUDA, (BytePointer) null, null, 0);
            if (r < 0) {
                warn("Hardware decoding (CUDA) was requested but no CUDA device could be opened ("
                        + Ffmpeg.describe(r) + "; is an NVIDIA driver installed?); decoding in software");
                return;
            }
            hwDevice = device.get(AVBufferRef.class, 0);
        }
        hwTransfer = av_frame_alloc();
        if (hwTransfer == null) {
            throw new OutOfMemoryError("FFmpeg could not allocate a frame for " + path);
        }
        codec.hw_device_ctx(avutil.av_buffer_ref(hwDevice));
        hwPixelFormat = hwFormat;
        LOG.debug("Decoding {} on the GPU (CUDA/NVDEC)", path);
    }

    /**
     * @param f a decoded frame
     * @return {@code f}, or when it lives in GPU memory, a copy of it in main memory (valid until the next call)
     */
    private AVFrame inMainMemory(AVFrame f) throws DeepfakeException {
        if (hwPixelFormat < 0 || f.format() != hwPixelFormat) {
            return f;
        }
        av_frame_unref(hwTransfer);
        int r = avutil.av_hwframe_transfer_data(hwTransfer, f, 0);
        if (r >= 0) {
            r = avutil.av_frame_copy_props(hwTransfer, f);
        }
        if (r < 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "Cannot copy a GPU-decoded frame of " + path
                    + " to main memory: " + Ffmpeg.describe(r) + "; decode in software (HardwareDecoding.NONE)",
                    path, null);
        }
        return hwTransfer;
    }

    @Override
    public VideoInfo info() {
        checkOpen();
        return info;
    }

    @Override
    public List<String> warnings() {
        checkOpen();
        return List.copyOf(warnings);
    }

    @Override
    public int decode(SamplePlan plan, FrameSink sink) throws DeepfakeException {
        checkOpen();
        Deadline deadline = Deadline.after(options.timeout());
        Run run = index != null ? new IndexedRun(plan, sink, deadline) : new SequentialRun(plan, sink, deadline);
        if (run.finished()) {
            return 0;
        }
        rewind();
        run.begin();
        int readError = 0;
        boolean draining = false;
        while (!run.finished()) {
            checkCancelled("decoding " + path, deadline);
            if (run.seekTarget >= 0) {
                seekTo(run);
                continue;
            }
            int r = av_read_frame(format, packet);
            readSinceRewind = true;
            if (r < 0) {
                readError = r == AVERROR_EOF ? 0 : r;
                draining = true;
                break;
            }
            try {
                if (packet.stream_index() != streamIndex) {
                    continue;
                }
                if ((packet.flags() & AV_PKT_FLAG_CORRUPT) != 0) {
                    run.corruptPackets++;
                }
                codec.skip_frame(run.skipFor(packet));
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
        run.end(readError);
        return run.delivered;
    }

    private void send(Run run, AVPacket pkt) throws DeepfakeException {
        int r = avcodec_send_packet(codec, pkt);
        if (r == Ffmpeg.AVERROR_EAGAIN) {
            receive(run);
            if (run.finished() || run.seekTarget >= 0) {
                return;
            }
            r = avcodec_send_packet(codec, pkt);
        }
        if (r < 0 && r != AVERROR_EOF && r != Ffmpeg.AVERROR_EAGAIN) {
            run.rejectedPackets++;
            if (run.firstPacketError == null) {
                run.firstPacketError = Ffmpeg.describe(r);
            }
        }
    }

    private void receive(Run run) throws DeepfakeException {
        while (!run.finished() && run.seekTarget < 0) {
            int r = avcodec_receive_frame(codec, frame);
            if (r == Ffmpeg.AVERROR_EAGAIN || r == AVERROR_EOF) {
                return;
            }
            if (r < 0) {
                run.rejectedPackets++;
                if (run.firstPacketError == null) {
                    run.firstPacketError = Ffmpeg.describe(r);
                }
                return;
            }
            try {
                checkCancelled("decoding " + path, run.deadline);
                run.framesDecoded++;
                if ((frame.flags() & Ffmpeg.FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
                    run.corruptFrames++;
                }
                run.onFrame(frame);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    /** Puts the demuxer and decoder back at the start of the file (no-op when nothing was read yet). */
    private void rewind() throws DeepfakeException {
        av_frame_unref(held);
        if (!readSinceRewind) {
            return;
        }
        long target = index != null && index.frameCount() > 0 ? index.seekTimestamp(0) : Long.MIN_VALUE;
        int r = target == Long.MIN_VALUE ? -1 : av_seek_frame(format, streamIndex, target, AVSEEK_FLAG_BACKWARD);
        if (r < 0) {
            r = org.bytedeco.ffmpeg.global.avformat.avformat_seek_file(format, -1, Long.MIN_VALUE, 0, 0, 0);
        }
        if (r < 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "Cannot go back to the start of " + path
                    + " to decode it: " + Ffmpeg.describe(r), path, null);
        }
        avcodec_flush_buffers(codec);
        readSinceRewind = false;
    }

    private void seekTo(Run run) {
        int key = run.seekTarget;
        run.seekTarget = -1;
        long ts = index.seekTimestamp(key);
        int r = av_seek_frame(format, streamIndex, ts, AVSEEK_FLAG_BACKWARD);
        avcodec_flush_buffers(codec);
        av_frame_unref(held);
        run.heldIndex = -1;
        if (r < 0) {
            // The demuxer cannot seek here; decoding on from where we are is slower but still right, but the
            // decoder was flushed, so restart from the beginning of the file.
            LOG.debug("{}: seeking to frame {} failed ({}); decoding front to back", path, key, Ffmpeg.describe(r));
            run.seekingDisabled = true;
            int back = av_seek_frame(format, streamIndex, index.seekTimestamp(0), AVSEEK_FLAG_BACKWARD);
            if (back < 0) {
                run.fatal = new DeepfakeException(ErrorCode.DECODE_FAILED, "Cannot seek in " + path + ": "
                        + Ffmpeg.describe(r), path, null);
            }
            run.frontier = -1;
            return;
        }
        run.frontier = key;
        run.landingLimit = ts;
        run.seeks++;
    }

    private double timeBaseSeconds() {
        return timeBaseNum / (double) timeBaseDen;
    }

    private double secondsOf(long pts) {
        // One division of exact integers: 11200/16000 prints as 0.7, not 0.7000000000000001.
        return pts == AV_NOPTS_VALUE ? Double.NaN : (double) ((pts - originPts) * timeBaseNum) / timeBaseDen;
    }

    private static long bestTimestamp(AVFrame f) {
        long t = f.best_effort_timestamp();
        return t != AV_NOPTS_VALUE ? t : f.pts();
    }

    private void checkCancelled(String what, Deadline deadline) throws DeepfakeException {
        if (Thread.currentThread().isInterrupted()) {
            throw DeepfakeException.cancelled(what);
        }
        if (deadline.passed()) {
            throw new DeepfakeException(ErrorCode.CANCELLED, "Timed out after " + options.timeout().toMillis()
                    + " ms while " + what + " (DecodeOptions.timeout)", path, null);
        }
    }

    private void warn(String line) {
        LOG.debug("{}", line);
        if (warnings.size() < MAX_WARNING_LINES && !warnings.contains(line)) {
            warnings.add(line);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Video source for " + path + " is closed");
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
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
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (held != null) {
            av_frame_free(held);
            held = null;
        }
        if (hwTransfer != null) {
            av_frame_free(hwTransfer);
            hwTransfer = null;
        }
        if (hwDevice != null) {
            avutil.av_buffer_unref(hwDevice);
            hwDevice = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
    }

    @Override
    public String toString() {
        return "FfmpegVideoSource[" + path + (closed ? ", closed" : "") + "]";
    }

    /** The state of one {@link #decode} call. */
    private abstract class Run {
        final SamplePlan plan;
        final FrameSink sink;
        final Deadline deadline;
        int delivered;
        int framesDecoded;
        int corruptFrames;
        int corruptPackets;
        int rejectedPackets;
        String firstPacketError;
        int lastDeliveredIndex = -1;
        /** Keyframe index to seek to before the next read, or -1. */
        int seekTarget = -1;
        /** Display index of the latest keyframe the demuxer has reached (reading or seeking); -1 at the start. */
        int frontier = -1;
        /** After a seek: the largest presentation time the first packet may have, else the seek overshot. */
        long landingLimit = Long.MAX_VALUE;
        boolean seekingDisabled;
        int seeks;
        int heldIndex = -1;
        DeepfakeException fatal;

        Run(SamplePlan plan, FrameSink sink, Deadline deadline) {
            this.plan = plan;
            this.sink = sink;
            this.deadline = deadline;
        }

        abstract boolean finished();

        void begin() {
        }

        abstract int skipFor(AVPacket pkt);

        abstract void onFrame(AVFrame f) throws DeepfakeException;

        /** Frames still wanted when the stream ended; described in the warning. */
        abstract String undelivered();

        void deliver(AVFrame f, int displayIndex) throws DeepfakeException {
            if (displayIndex <= lastDeliveredIndex) {
                return; // two targets resolved to one frame: delivered once
            }
            checkCancelled("decoding " + path, deadline);
            lastDeliveredIndex = displayIndex;
            delivered++;
            sink.accept(converter.convert(inMainMemory(f), displayIndex, secondsOf(bestTimestamp(f))));
        }

        void end(int readError) throws DeepfakeException {
            if (fatal != null) {
                throw fatal;
            }
            String missing = finished() ? null : undelivered();
            if (readError != 0 && framesDecoded == 0) {
                throw new DeepfakeException(ErrorCode.DECODE_FAILED, "No frame could be decoded from " + path + ": "
                        + Ffmpeg.describe(readError), path, null);
            }
            if (framesDecoded == 0 && rejectedPackets > 0) {
                throw new DeepfakeException(ErrorCode.DECODE_FAILED, "No frame could be decoded from " + path + ": "
                        + rejectedPackets + " packet(s) rejected, first: " + firstPacketError, path, null);
            }
            if (readError != 0) {
                warn(path + ": reading stopped early (" + Ffmpeg.describe(readError) + "); the file seems cut short"
                        + (missing != null ? "; not delivered: " + missing : ""));
            } else if (missing != null) {
                warn(path + ": the video ended before these planned frames: " + missing);
            }
            if (rejectedPackets > 0) {
                warn(path + ": the decoder rejected " + rejectedPackets + " packet(s) (corrupt data?), first: "
                        + firstPacketError + "; decoding went on");
            }
            if (corruptPackets > 0 || corruptFrames > 0) {
                warn(path + ": " + corruptPackets + " packet(s) marked corrupt by the container and " + corruptFrames
                        + " frame(s) decoded with errors (FFmpeg concealed them); decoding went on");
            }
            LOG.debug("{}: delivered {} frames, decoded {}, {} seek(s)", path, delivered, framesDecoded, seeks);
        }
    }

    /**
     * Decoding with the packet index: targets are display indices, frames are identified by timestamp, and the run
     * seeks and skips freely.
     */
    private final class IndexedRun extends Run {
        private final int[] targets;
        private final long[] targetPts;
        private final boolean strict;
        private final boolean fast;
        private final List<Integer> missingTargets = new ArrayList<>();
        private int next;

        IndexedRun(SamplePlan plan, FrameSink sink, Deadline deadline) {
            super(plan, sink, deadline);
            int count = index.frameCount();
            IntStream wanted = switch (plan.kind()) {
                case INDICES -> Arrays.stream(plan.indices()).filter(i -> i < count);
                case TIMESTAMPS -> Arrays.stream(plan.timestamps())
                        .mapToInt(t -> index.firstAtOrAfter(t, timeBaseSeconds())).filter(i -> i < count);
                case KEYFRAMES -> Arrays.stream(index.keyIndices()).limit(plan.maxFrames());
            };
            targets = wanted.sorted().distinct().toArray();
            targetPts = Arrays.stream(targets).mapToLong(index::pts).toArray();
            // A timestamp asks for "the first frame at or after t": a later frame still answers it if that one is
            // lost; an index or keyframe asks for exactly that frame.
            strict = plan.kind() != SamplePlan.Kind.TIMESTAMPS;
            fast = options.fastSeek() && plan.kind() != SamplePlan.Kind.KEYFRAMES;
        }

        @Override
        boolean finished() {
            return next >= targets.length;
        }

        @Override
        void begin() {
            int[] keys = index.keyIndices();
            frontier = keys.length > 0 ? keys[0] : 0;
            planSeek();
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
        int skipFor(AVPacket pkt) {
            long pts = pkt.pts();
            if (landingLimit != Long.MAX_VALUE) {
                long ts = pts;
                if (ts != AV_NOPTS_VALUE && ts > landingLimit && !seekingDisabled) {
                    // The demuxer landed after the keyframe we asked for: frames between could be lost. Go back
                    // to the start and stop seeking; slower, never wrong.
                    LOG.debug("{}: seek overshot ({} > {}); decoding front to back", path, ts, landingLimit);
                    seekingDisabled = true;
                    seekTarget = index.keyIndices().length > 0 ? index.keyIndices()[0] : 0;
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
        void onFrame(AVFrame f) throws DeepfakeException {
            long pts = bestTimestamp(f);
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
                    deliver(f, idx);
                } else {
                    missingTargets.add(targets[next]);
                }
                next++;
                advanced = true;
            }
            if (!finished() && targets[next] == idx) {
                deliver(f, idx);
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
                    deliver(held, heldIndex);
                } else {
                    deliver(f, idx);
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
        void end(int readError) throws DeepfakeException {
            if (fast && !finished() && heldIndex >= 0) {
                // The stream ended: the last decoded frame is the nearest one to every target left.
                deliver(held, heldIndex);
                next = targets.length;
            }
            if (!missingTargets.isEmpty()) {
                warn(path + ": frame(s) " + missingTargets + " could not be decoded (corrupt?) and were skipped");
            }
            super.end(readError);
        }

        @Override
        String undelivered() {
            int[] left = Arrays.copyOfRange(targets, next, targets.length);
            return left.length + " frame(s) from index " + left[0];
        }
    }

    /**
     * Decoding without a packet index (files above {@link #FULL_SCAN_LIMIT_BYTES}, or packets without timestamps):
     * front to back, no skipping, each frame's index is its position in the decoder's output.
     */
    private final class SequentialRun extends Run {
        private final int[] targets;
        private final double[] times;
        private int next;
        private int counter;

        SequentialRun(SamplePlan plan, FrameSink sink, Deadline deadline) {
            super(plan, sink, deadline);
            targets = plan.indices();
            times = plan.timestamps();
        }

        @Override
        boolean finished() {
            return switch (plan.kind()) {
                case INDICES -> next >= targets.length;
                case TIMESTAMPS -> next >= times.length;
                case KEYFRAMES -> delivered >= plan.maxFrames();
            };
        }

        @Override
        int skipFor(AVPacket pkt) {
            return AVDISCARD_DEFAULT;
        }

        @Override
        void onFrame(AVFrame f) throws DeepfakeException {
            int idx = counter++;
            switch (plan.kind()) {
                case INDICES -> {
                    if (targets[next] == idx) {
                        deliver(f, idx);
                        next++;
                    }
                }
                case TIMESTAMPS -> {
                    double t = secondsOf(bestTimestamp(f));
                    boolean hit = false;
                    while (next < times.length && times[next] - 1e-6 <= t) {
                        next++;
                        hit = true;
                    }
                    if (hit) {
                        deliver(f, idx);
                    }
                }
                case KEYFRAMES -> {
                    if ((f.flags() & Ffmpeg.FRAME_FLAG_KEY) != 0) {
                        deliver(f, idx);
                    }
                }
            }
        }

        @Override
        String undelivered() {
            return switch (plan.kind()) {
                case INDICES -> (targets.length - next) + " frame(s) from index " + targets[next];
                case TIMESTAMPS -> (times.length - next) + " frame(s) from " + times[next] + " s";
                case KEYFRAMES -> null; // fewer keyframes than the maximum is normal
            };
        }
    }

    /** A growable list of longs without boxing. */
    private static final class LongList {
        private long[] values = new long[256];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
