package dev.deepfake4j.video.ffmpeg;

import dev.deepfake4j.DeepfakeException;
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
     *         permission), {@code NOT_A_VIDEO} (0 bytes, not a container FFmpeg knows, no video stream, index
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
