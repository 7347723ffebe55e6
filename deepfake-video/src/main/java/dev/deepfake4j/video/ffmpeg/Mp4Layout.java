package dev.deepfake4j.video.ffmpeg;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Tells, from the first bytes of a stream, whether it is an MP4 (or MOV) whose index ({@code moov}) comes after its
 * frames ({@code mdat}). Such a file cannot be decoded front to back: the demuxer must read past every frame to find
 * the index and then go back, which a stream cannot. FFmpeg would open it and then fail on the first frame with
 * "Invalid data"; this check gives the reason and the remedy instead. It walks the top-level boxes in front of the
 * first {@code moov} or {@code mdat} (ftyp, free, wide: a few dozen bytes), so it reads little and never seeks.
 * Stateless.
 */
final class Mp4Layout {
    /** Boxes in front of moov/mdat are small; beyond this the stream is not an MP4 worth checking. */
    private static final int MAX_PREFIX_BYTES = 1 << 20;

    private Mp4Layout() {
    }

    /**
     * @param stream the stream, at its start; read only through the returned stream from now on
     * @param name the input's display name, for the message
     * @return a stream of the same bytes (what was looked at, then the rest)
     * @throws DeepfakeException {@code UNSUPPORTED_INPUT} when it is an MP4 with its index after its frames;
     *         {@code IO_FAILURE} when the stream throws
     */
    static InputStream requireStreamable(InputStream stream, Path name) throws DeepfakeException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try {
            byte[] header = new byte[8];
            boolean first = true;
            while (seen.size() < MAX_PREFIX_BYTES) {
                int n = stream.readNBytes(header, 0, 8);
                seen.write(header, 0, n);
                if (n < 8) {
                    break;
                }
                long size = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt());
                String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
                if (first && !type.equals("ftyp")) {
                    break; // not an MP4: nothing to check
                }
                first = false;
                if (type.equals("mdat")) {
                    throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "The stream '" + name + "' cannot be "
                            + "read front to back: it is an MP4 whose index comes after its frames, and a stream "
                            + "cannot go back to them. Pipe a streamable container instead (MPEG-TS, Matroska/WebM, "
                            + "or an MP4 written with -movflags +faststart or fragmented), or give it as a file",
                            name, null);
                }
                if (type.equals("moov") || size < 8 || size > MAX_PREFIX_BYTES) {
                    break; // index first (or a box too odd to walk): FFmpeg reads on from here
                }
                seen.write(stream.readNBytes((int) size - 8));
            }
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Reading the stream '" + name + "' failed: " + e, name,
                    e);
        }
        return new SequenceInputStream(new ByteArrayInputStream(seen.toByteArray()), stream);
    }
}
