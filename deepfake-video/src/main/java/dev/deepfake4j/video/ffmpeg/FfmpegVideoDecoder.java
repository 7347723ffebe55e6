package dev.deepfake4j.video.ffmpeg;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoDecoder;
import dev.deepfake4j.spi.VideoSource;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The FFmpeg video decoder: opens video files with libavformat and decodes them with libavcodec, through Bytedeco's
 * FFmpeg presets (the LGPL build bundled in {@code org.bytedeco:ffmpeg}). See the package documentation for how a
 * {@link dev.deepfake4j.sampling.SamplePlan} is executed (frame indices, seeking, skipping, fast mode) and what
 * each kind of bad input gives.
 *
 * <p>Stateless and thread-safe: one instance serves any number of threads, each opening its own
 * {@link VideoSource}. It owns no native memory; each source owns (and frees on close) its own.
 */
public final class FfmpegVideoDecoder implements VideoDecoder {

    /** Creates the decoder; the FFmpeg natives load on the first {@link #open}. */
    public FfmpegVideoDecoder() {
    }

    /**
     * Opens a video: checks the file, reads the container header, picks the best video stream (so audio-first files
     * work), reads its packet index (timestamps and keyframes, no decoding) and opens the decoder with
     * {@link DecodeOptions#threads()} threads (frame and slice threading).
     *
     * @param path the video file
     * @param options threads, output format and size, limits, fast mode, timeout
     * @return an open source, owned by the caller, who must close it (one thread at a time)
     * @throws DeepfakeException {@code FILE_NOT_FOUND} (no such file), {@code NOT_READABLE} (a directory, no
     *         permission, a symbolic-link loop, a FIFO, socket or device), {@code NOT_A_VIDEO} (0 bytes, not a container FFmpeg knows, no video stream, index
     *         missing), {@code UNSUPPORTED_INPUT} (larger than {@link DecodeOptions#maxWidth()} ×
     *         {@link DecodeOptions#maxHeight()}, or no decoder for the codec), {@code DECODE_FAILED} (a damaged
     *         header), {@code CANCELLED} (interrupted, or the timeout passed while reading the index); each names
     *         the file
     */
    @Override
    public VideoSource open(Path path, DecodeOptions options) throws DeepfakeException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        return FfmpegVideoSource.open(path, options);
    }

    /**
     * Opens a video however it arrives. A {@linkplain VideoInput.OfPath path} is opened as by
     * {@link #open(Path, DecodeOptions)}. {@linkplain VideoInput.OfBytes Bytes} and
     * {@linkplain VideoInput.OfChannel channels} are read in place through FFmpeg custom I/O ({@code AVIOContext}
     * with read and seek callbacks; nothing copied). A {@linkplain VideoInput.OfStream stream} cannot seek, and the
     * decoder needs to (it reads the packet index, then goes back; an MP4 with its index at the end needs a seek to
     * open at all), so it is copied into a temporary file of at most {@link DecodeOptions#spoolLimitBytes()} bytes in
     * {@link DecodeOptions#spoolDirectory()}, removed when the source closes or opening fails. A
     * {@linkplain VideoInput.OfUri URI} is opened by FFmpeg's protocols if its scheme is in
     * {@link DecodeOptions#allowedProtocols()}, with FFmpeg's {@code protocol_whitelist} set to the allowed schemes
     * and their transports ({@code https} adds {@code tls} and {@code tcp}, {@code http} adds {@code tcp}) and the
     * {@code timeout}/{@code rw_timeout} options set from {@link DecodeOptions#networkTimeout()} (in microseconds).
     * The caller's stream or channel is never closed.
     *
     * @param input the video
     * @param options decoding, spooling and network options
     * @return an open source, owned by the caller, who must close it (one thread at a time)
     * @throws DeepfakeException as {@link #open(Path, DecodeOptions)}, naming the input's display name; also
     *         {@code NOT_A_VIDEO} (an empty stream or buffer), {@code UNSUPPORTED_INPUT} (a stream over the spool
     *         limit, a URI scheme not allowed), {@code IO_FAILURE} (the stream or channel threw while read, the
     *         spool file could not be written, a network input could not be reached or timed out)
     */
    @Override
    public VideoSource open(VideoInput input, DecodeOptions options) throws DeepfakeException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(options, "options");
        return FfmpegVideoSource.open(input, options, false);
    }

    /**
     * Opens a video for one front-to-back read, as {@link #open(VideoInput, DecodeOptions)} does except for
     * {@linkplain VideoInput.OfStream streams}: they are read in place through custom I/O without a seek callback,
     * never spooled, so a live stream piped in is decoded as it arrives and neither memory nor disk grows with its
     * length. The container must then be one FFmpeg can read without seeking: MPEG-TS, Matroska/WebM, FLV, or an
     * MP4 with its index first (faststart or fragmented). The source has no frame index; only
     * {@link VideoSource#decodeStream} reads it.
     *
     * @param input the video
     * @param options decoding and network options
     * @return an open source, owned by the caller, who must close it (one thread at a time)
     * @throws DeepfakeException as {@link #open(VideoInput, DecodeOptions)}; for a stream also
     *         {@code UNSUPPORTED_INPUT} when its container needs seeking (an MP4 whose index is at its end), naming
     *         the stream and what to pipe instead
     */
    @Override
    public VideoSource openSequential(VideoInput input, DecodeOptions options) throws DeepfakeException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(options, "options");
        return FfmpegVideoSource.open(input, options, true);
    }

    /** @return {@code ffmpeg} */
    @Override
    public String name() {
        return "ffmpeg";
    }

    @Override
    public String toString() {
        return "FfmpegVideoDecoder";
    }
}
