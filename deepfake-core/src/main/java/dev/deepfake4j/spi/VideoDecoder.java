package dev.deepfake4j.spi;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoInput;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The seam a video backend plugs into (the FFmpeg one lives in {@code deepfake-video}). A decoder is a thread-safe
 * factory of {@link VideoSource}s, one per open video.
 */
public interface VideoDecoder {

    /**
     * Opens a video and reads its header (not its frames).
     *
     * @param path the video file
     * @param options threads, output format, limits
     * @return an open source; the caller owns it and must close it
     * @throws DeepfakeException {@code FILE_NOT_FOUND}, {@code NOT_READABLE}, {@code NOT_A_VIDEO},
     *         {@code UNSUPPORTED_INPUT} or {@code DECODE_FAILED}, naming the file
     */
    VideoSource open(Path path, DecodeOptions options) throws DeepfakeException;

    /**
     * Opens a video however it arrives. This default reads {@linkplain VideoInput.OfPath paths} through
     * {@link #open(Path, DecodeOptions)} and refuses every other kind, so decoders written before inputs existed
     * keep working for files; a decoder that can read streams, bytes or URIs overrides it.
     *
     * @param input the video; streams and channels stay the caller's (not closed here)
     * @param options threads, output format, limits, spooling and network options
     * @return an open source; the caller owns it and must close it
     * @throws DeepfakeException as {@link #open(Path, DecodeOptions)}, naming the input's display name; this default
     *         throws {@code UNSUPPORTED_INPUT} naming this decoder for anything but a path
     */
    default VideoSource open(VideoInput input, DecodeOptions options) throws DeepfakeException {
        Objects.requireNonNull(input, "input");
        if (input instanceof VideoInput.OfPath file) {
            return open(file.path(), options);
        }
        throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "The '" + name() + "' video decoder ("
                + getClass().getName() + ") reads files only and cannot read " + input.describe()
                + "; save it to a file first, or use a decoder that reads such inputs (deepfake-video's FFmpeg "
                + "decoder)", input.reportPath(), null);
    }

    /**
     * Opens a video that will be read once, front to back, by {@link VideoSource#decodeStream} (the windowed mode:
     * an hour-long upload or a live stream). A decoder that can should read a {@linkplain VideoInput.OfStream
     * stream} in place rather than copying it first, so that memory and disk stay bounded whatever its length; the
     * source then has no frame index and {@link VideoSource#decode} with a sample plan may refuse it. This default
     * opens it as {@link #open(VideoInput, DecodeOptions)} does.
     *
     * @param input the video; streams and channels stay the caller's (not closed here)
     * @param options threads, output format, limits, spooling and network options
     * @return an open source; the caller owns it and must close it
     * @throws DeepfakeException as {@link #open(VideoInput, DecodeOptions)}
     */
    default VideoSource openSequential(VideoInput input, DecodeOptions options) throws DeepfakeException {
        return open(input, options);
    }

    /** @return a short name for logs, e.g. {@code ffmpeg} */
    String name();
}
