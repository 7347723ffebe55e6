package dev.deepfake4j.video.ffmpeg;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The checks a path passes before FFmpeg sees it: it exists, is a readable, non-empty regular file. Each failure is
 * a {@link DeepfakeException} that names the file and says what to do. Stateless; thread-safe.
 */
final class VideoFileCheck {
    private VideoFileCheck() {
    }

    /**
     * @param path the video file
     * @throws DeepfakeException {@code FILE_NOT_FOUND} (missing, or a dangling symbolic link), {@code NOT_READABLE}
     *         (a directory, a symbolic-link loop, a FIFO, socket or device, no read permission), {@code NOT_A_VIDEO}
     *         (0 bytes)
     */
    static void check(Path path) throws DeepfakeException {
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
                    + "device); pass it as a stream instead (VideoInput.of(InputStream, name)), or save it to a file first", path, null);
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

    /** @param path a file @return its size in bytes, or {@link Long#MAX_VALUE} when it cannot be read */
    static long sizeOrMax(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
