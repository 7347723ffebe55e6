package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_TS_DISCONT;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BYTE;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avformat.avio_size;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.spi.DecodeOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.IntPointer;

/**
 * One video file's container, opened with libavformat: the header read, the video stream chosen (never cover art),
 * the other streams discarded, the stream's facts (time base, coded size, codec, display rotation) checked, and
 * then its packets read and sought in.
 *
 * <p><b>Ownership.</b> Owns the {@code AVFormatContext}; {@link #close()} frees it (idempotent). If opening fails,
 * the context is freed before the exception leaves. <b>Threads.</b> Not thread-safe: it belongs to one source.
 */
final class Demuxer implements AutoCloseable {
    private final Path path;
    private AVFormatContext format;
    private int streamIndex;
    private long timeBaseNum;
    private long timeBaseDen;
    private String codecName;
    private int rotationDegrees;
    private boolean hasAudio;
    /** Whether packets were read since the demuxer was last at the start of the file. */
    private boolean readSinceRewind;

    private Demuxer(Path path) {
        this.path = path;
    }

    /**
     * Opens the container of {@code path} and chooses its video stream.
     *
     * @param path a file that passed {@link VideoFileCheck}
     * @param options the size limits ({@link DecodeOptions#maxWidth()}, {@link DecodeOptions#maxHeight()})
     * @return the open demuxer, owned by the caller
     * @throws DeepfakeException {@code NOT_A_VIDEO} (not a container FFmpeg knows, no video stream),
     *         {@code DECODE_FAILED} (unreadable streams, no time base or frame size), {@code UNSUPPORTED_INPUT}
     *         (the displayed size is above the limits)
     */
    static Demuxer open(Path path, DecodeOptions options) throws DeepfakeException {
        return open(path, Opening.file(path), options);
    }

    /**
     * Opens a container however its bytes are reached and chooses its video stream.
     *
     * @param name the display name, for messages
     * @param opening the URL, its options and the custom I/O
     * @param options the size limits
     * @return the open demuxer, owned by the caller (who also keeps owning {@code opening.io()}: close this first)
     * @throws DeepfakeException as {@link #open(Path, DecodeOptions)}
     */
    static Demuxer open(Path name, Opening opening, DecodeOptions options) throws DeepfakeException {
        Demuxer demuxer = new Demuxer(name);
        try {
            demuxer.openContainer(opening);
            demuxer.chooseStream(options);
            return demuxer;
        } catch (DeepfakeException | RuntimeException | Error e) {
            demuxer.close();
            throw e;
        }
    }

    private void openContainer(Opening opening) throws DeepfakeException {
        format = avformat_alloc_context();
        if (format == null || format.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate a format context for " + path);
        }
        InterruptCallback.install(format);
        if (opening.io() != null) {
            // With pb set before opening, FFmpeg marks the context AVFMT_FLAG_CUSTOM_IO: closing it leaves pb alone.
            format.pb(opening.io().context());
        }
        AVDictionary openOptions = new AVDictionary(null);
        opening.settings().forEach((k, v) -> av_dict_set(openOptions, k, v, 0));
        int r;
        long start = System.nanoTime();
        try {
            r = avformat_open_input(format, opening.url(), null, openOptions);
        } finally {
            av_dict_free(openOptions);
        }
        if (r < 0) {
            format = null; // avformat_open_input frees the context on failure
            if (r == InterruptCallback.AVERROR_EXIT || Thread.currentThread().isInterrupted()) {
                throw DeepfakeException.cancelled("opening " + path);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (opening.stallTimeout() != null && took.compareTo(opening.stallTimeout()) >= 0) {
                // a read timed out inside the demuxer, which reports what it was left with as invalid data
                throw new DeepfakeException(ErrorCode.IO_FAILURE, "FFmpeg cannot open " + path + ": no data came "
                        + "for the network timeout (" + opening.stallTimeout().toMillis() + " ms); the server stalled "
                        + "or the connection dropped (" + Ffmpeg.describe(r) + ")", path, null);
            }
            if (opening.stallTimeout() != null && r != AVERROR_INVALIDDATA) {
                // a network input that could not be reached, refused, or timed out (not bad data)
                throw new DeepfakeException(ErrorCode.IO_FAILURE, "FFmpeg cannot open " + path + ": "
                        + Ffmpeg.describe(r) + " (unreachable, refused, timed out, or a protocol not allowed)", path,
                        null);
            }
            throw new DeepfakeException(ErrorCode.NOT_A_VIDEO, "FFmpeg cannot read " + path + " as a video container: "
                    + Ffmpeg.describe(r) + " (not a video, or cut short before its index)", path, null);
        }
        r = avformat_find_stream_info(format, (AVDictionary) null);
        if (r < 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "FFmpeg cannot read the streams of " + path + ": "
                    + Ffmpeg.describe(r), path, null);
        }
    }

    private void chooseStream(DecodeOptions options) throws DeepfakeException {
        streamIndex = pickVideoStream();
        AVStream stream = format.streams(streamIndex);
        AVCodecParameters params = stream.codecpar();
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream s = format.streams(i);
            hasAudio |= s.codecpar().codec_type() == AVMEDIA_TYPE_AUDIO;
            if (i != streamIndex) {
                // Other streams' packets are then skipped by the demuxer instead of handed to us.
                s.discard(AVDISCARD_ALL);
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
        codecName = avcodec_get_name(params.codec_id()).getString();
        if (codedWidth <= 0 || codedHeight <= 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "FFmpeg found no frame size in the " + codecName
                    + " stream of " + path + " (damaged header?)", path, null);
        }
        rotationDegrees = rotationOf(params);
        boolean quarterTurn = rotationDegrees % 180 != 0;
        int shownW = quarterTurn ? codedHeight : codedWidth;
        int shownH = quarterTurn ? codedWidth : codedHeight;
        if (shownW > options.maxWidth() || shownH > options.maxHeight()) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Video " + path + " is " + shownW + "x" + shownH
                    + " pixels, above the limit of " + options.maxWidth() + "x" + options.maxHeight()
                    + "; raise DecodeOptions.maxDimensions to accept it", path, null);
        }
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

    /** @return the video file */
    Path path() {
        return path;
    }

    /** @return the size of the input in bytes as FFmpeg's I/O layer knows it, or {@link Long#MAX_VALUE} when unknown */
    long byteSize() {
        long size = format.pb() == null || format.pb().isNull() ? -1 : avio_size(format.pb());
        return size >= 0 ? size : Long.MAX_VALUE;
    }

    /** @return the chosen video stream (valid while this demuxer is open) */
    AVStream stream() {
        return format.streams(streamIndex);
    }

    /** @return the container's duration in {@code AV_TIME_BASE} units (microseconds), or {@code AV_NOPTS_VALUE} */
    long containerDuration() {
        return format.duration();
    }

    /** @return the index of the chosen stream among the container's streams; packets carry it */
    int streamIndex() {
        return streamIndex;
    }

    /** @return numerator of the stream time base (positive) */
    long timeBaseNum() {
        return timeBaseNum;
    }

    /** @return denominator of the stream time base (positive) */
    long timeBaseDen() {
        return timeBaseDen;
    }

    /** @return FFmpeg's name of the stream's codec, e.g. {@code h264} */
    String codecName() {
        return codecName;
    }

    /** @return the clockwise rotation a player applies: 0, 90, 180 or 270 degrees */
    int rotationDegrees() {
        return rotationDegrees;
    }

    /** @return whether the container also holds an audio stream */
    boolean hasAudio() {
        return hasAudio;
    }

    /**
     * @param packet receives the next packet of the chosen stream (the caller unrefs it)
     * @return {@code av_read_frame}'s code: 0, {@code AVERROR_EOF} or another negative error
     */
    int read(AVPacket packet) {
        readSinceRewind = true;
        return av_read_frame(format, packet);
    }

    /**
     * Whether a timestamp seek lands where the packet index says: true for containers with an index of their own
     * (MP4, Matroska, WebM, AVI). False for those whose timestamps may jump ({@code AVFMT_TS_DISCONT}: MPEG-TS and
     * MPEG-PS), where FFmpeg seeks by bisecting on packet timestamps and was seen to land seconds away, on a
     * non-keyframe; such files are decoded front to back instead.
     *
     * @return whether {@link #seek} may be used to skip ahead
     */
    boolean seeksPrecisely() {
        return (format.iformat().flags() & AVFMT_TS_DISCONT) == 0;
    }

    /**
     * @param timestamp a presentation timestamp in the stream time base
     * @return {@code av_seek_frame}'s code for a backward seek to it (lands on that keyframe or an earlier one)
     */
    int seek(long timestamp) {
        return av_seek_frame(format, streamIndex, timestamp, AVSEEK_FLAG_BACKWARD);
    }

    /**
     * Puts the demuxer back at the start of the file; a no-op when nothing was read since it was last there.
     *
     * @param firstFrameTimestamp the first frame's seek timestamp, or {@link Long#MIN_VALUE} when unknown (then the
     *        whole file is sought to its start); a container that does not {@linkplain #seeksPrecisely seek
     *        precisely} goes back to its first byte
     * @return whether it moved (then the decoder must be flushed)
     * @throws DeepfakeException {@code DECODE_FAILED} when the container cannot seek back
     */
    boolean rewind(long firstFrameTimestamp) throws DeepfakeException {
        if (!readSinceRewind) {
            return false;
        }
        int r = !seeksPrecisely() ? av_seek_frame(format, -1, 0, AVSEEK_FLAG_BYTE)
                : firstFrameTimestamp == Long.MIN_VALUE ? -1 : seek(firstFrameTimestamp);
        if (r < 0) {
            r = avformat_seek_file(format, -1, Long.MIN_VALUE, 0, 0, 0);
        }
        if (r < 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "Cannot go back to the start of " + path
                    + " to decode it: " + Ffmpeg.describe(r), path, null);
        }
        readSinceRewind = false;
        return true;
    }

    @Override
    public void close() {
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
    }
}
