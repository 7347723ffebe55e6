package dev.deepfake4j.spi;

import dev.deepfake4j.DeepfakeException;
import java.nio.file.Path;

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

    /** @return a short name for logs, e.g. {@code ffmpeg} */
    String name();
}
