package dev.deepfake4j.video.ffmpeg;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.spi.DecodeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a non-seekable stream into a temporary file so that FFmpeg can read it as a file.
 *
 * <p><b>Why every stream is spooled.</b> Opening a video reads its packet index to the end (timestamps and keyframes,
 * {@link PacketScanner}) and then goes back to the start to decode the sampled frames; an MP4 with its {@code moov}
 * index at the end (every labelled DFDC and FaceForensics++ clip) also needs a seek to read its header at all. A
 * stream cannot go back, so reading it directly would work for no container the detector is used on; a spool file
 * is the one correct way, and costs one sequential write (about 10 ms for a 4 MB clip).
 *
 * <p><b>Bounds and clean-up.</b> At most {@link DecodeOptions#spoolLimitBytes()} bytes are written; a longer stream
 * fails with {@code UNSUPPORTED_INPUT} naming the limit. The file ({@code deepfake4j-spool-*.video} in
 * {@link DecodeOptions#spoolDirectory()}, else {@code java.io.tmpdir}, readable by its owner only where the file
 * system has POSIX permissions) is removed when spooling fails for any reason; after success it belongs to the
 * source, which removes it on close. The stream is not closed. Stateless; thread-safe.
 */
final class StreamSpool {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSpool.class);
    private static final int CHUNK = 64 * 1024;

    private StreamSpool() {
    }

    /**
     * @param input the stream and its display name
     * @param options the spool limit and folder, the timeout
     * @return the spool file (the caller removes it)
     * @throws DeepfakeException {@code NOT_A_VIDEO} (empty stream), {@code UNSUPPORTED_INPUT} (over the limit),
     *         {@code IO_FAILURE} (the stream failed, or the file could not be written), {@code CANCELLED}
     *         (interrupted, or the timeout passed); each names the input
     */
    static Path spool(VideoInput.OfStream input, DecodeOptions options) throws DeepfakeException {
        Path name = input.reportPath();
        Deadline deadline = Deadline.after(options.timeout());
        Path file;
        try {
            Path dir = options.spoolDirectory().orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
            file = Files.createTempFile(dir, "deepfake4j-spool-", ".video");
        } catch (IOException | RuntimeException e) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot create a temporary file to hold "
                    + input.describe() + ": " + e + " (set DecodeOptions.spoolDirectory to a writable folder)", name, e);
        }
        boolean done = false;
        try {
            long total = copy(input, file, options.spoolLimitBytes(), deadline);
            if (total == 0) {
                throw new DeepfakeException(ErrorCode.NOT_A_VIDEO, input.describe() + " is empty (0 bytes), not a video",
                        name, null);
            }
            LOG.debug("Spooled {} bytes of {} into {}", total, input.describe(), file);
            done = true;
            return file;
        } finally {
            if (!done) {
                delete(file);
            }
        }
    }

    private static long copy(VideoInput.OfStream input, Path file, long limit, Deadline deadline)
            throws DeepfakeException {
        Path name = input.reportPath();
        InputStream in = input.stream();
        byte[] chunk = new byte[CHUNK];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                deadline.check("reading " + input.describe(), name);
                int n;
                try {
                    n = in.read(chunk);
                } catch (IOException | RuntimeException e) {
                    throw new DeepfakeException(ErrorCode.IO_FAILURE, "Reading " + input.describe() + " failed after "
                            + total + " bytes: " + e, name, e);
                }
                if (n < 0) {
                    return total;
                }
                if (total + n > limit) {
                    throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, input.describe() + " is longer than the "
                            + "spool limit of " + limit + " bytes (DecodeOptions.spoolLimitBytes); raise the limit, "
                            + "or pass a file, bytes or a seekable channel instead", name, null);
                }
                out.write(chunk, 0, n);
                total += n;
            }
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot write the temporary copy of " + input.describe()
                    + " to " + file + ": " + e, name, e);
        }
    }

    /** Removes a spool file; a failure is logged, never thrown (it runs in close and failure paths). */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot remove the spool file {}: {}", file, e.toString());
        }
    }
}
