package dev.deepfake4j;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One video to score, however it arrives: a file, an {@link InputStream}, bytes in memory, a
 * {@link SeekableByteChannel} or a URI. {@link DeepfakeDetector#analyze(VideoInput)} takes any of them and gives the
 * same score for the same video bytes.
 *
 * <p><b>Names.</b> Every input has a {@linkplain #name() display name}; the report's {@link VideoReport#path()} and
 * every error message use it ({@link #reportPath()}). For a file it is the path; for a stream, bytes or a channel it
 * is the name the caller gave ({@code "-"} for {@link #stdin()}); for a URI it is the URI without its user info and
 * query (which often carry secrets, such as signed-URL tokens).
 *
 * <p><b>Ownership.</b> The library never closes what the caller passed: the caller closes its stream or channel
 * after the call returns. Bytes and buffers are <em>not copied</em>: the caller must not change them while a call
 * reads them. One stream or channel can be read by one call only (it is consumed); bytes, buffers, paths and URIs
 * can be scored any number of times, also at once from several threads (each call reads through its own view).
 *
 * <p><b>How each kind is read</b> (by the FFmpeg decoder of {@code deepfake-video}; another
 * {@link dev.deepfake4j.spi.VideoDecoder} may accept paths only and refuse the rest with
 * {@link ErrorCode#UNSUPPORTED_INPUT}): bytes, buffers and channels are read in place through FFmpeg custom I/O, with
 * seeking; a stream cannot seek, so it is first copied to a temporary file (bounded by
 * {@link dev.deepfake4j.spi.DecodeOptions#spoolLimitBytes()}, always removed); a {@code file:} URI is a path; other
 * URIs are refused unless their scheme was allowed ({@link DetectorBuilder#allowProtocols(Set)}).
 *
 * <p>Instances are immutable; the records' components are views, documented per kind.
 */
public sealed interface VideoInput
        permits VideoInput.OfPath, VideoInput.OfStream, VideoInput.OfBytes, VideoInput.OfChannel, VideoInput.OfUri {

    /** @return the display name used in reports and error messages */
    String name();

    /** @return {@link #name()} as the {@link Path} a {@link VideoReport} carries */
    default Path reportPath() {
        return Path.of(name());
    }

    /** @return a short description for messages, e.g. {@code the stream "-"} */
    String describe();

    /**
     * @param path a video file
     * @return the input; its name is the path
     */
    static VideoInput of(Path path) {
        return new OfPath(path);
    }

    /**
     * @param stream the video's bytes, from where the stream is now to its end; not closed by the library
     * @param name the display name (e.g. the upload's file name); {@code "-"} for standard input
     * @return the input
     * @throws IllegalArgumentException when {@code name} is empty or not usable as a path
     */
    static VideoInput of(InputStream stream, String name) {
        return new OfStream(stream, name);
    }

    /**
     * Standard input ({@link System#in} as it is when this is called), named {@code "-"}. Not closed by the library.
     *
     * @return the input
     */
    static VideoInput stdin() {
        return new OfStream(System.in, "-");
    }

    /**
     * @param bytes the whole video; not copied, so it must not change while a call reads it
     * @param name the display name
     * @return the input
     */
    static VideoInput of(byte[] bytes, String name) {
        return new OfBytes(ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes")), name);
    }

    /**
     * @param buffer the video, from its position to its limit (neither is changed); not copied, so its content must
     *        not change while a call reads it; heap or direct
     * @param name the display name
     * @return the input
     */
    static VideoInput of(ByteBuffer buffer, String name) {
        return new OfBytes(buffer, name);
    }

    /**
     * @param channel the video, from position 0 to {@link SeekableByteChannel#size()} (a {@code FileChannel}, an
     *        in-memory channel, a cloud storage channel); the library moves its position; not closed by the library
     * @param name the display name
     * @return the input
     */
    static VideoInput of(SeekableByteChannel channel, String name) {
        return new OfChannel(channel, name);
    }

    /**
     * @param uri a {@code file:} URI (read as the path it names) or another URI, read by the decoder if its scheme was
     *        allowed with {@link DetectorBuilder#allowProtocols(Set)}
     * @return the input: an {@link OfPath} for a {@code file:} URI, else an {@link OfUri}
     * @throws IllegalArgumentException when the URI is not absolute (no scheme), or a {@code file:} URI that names
     *         no path
     */
    static VideoInput of(URI uri) {
        Objects.requireNonNull(uri, "uri");
        checkArgument(uri.getScheme() != null, "A video URI needs a scheme (file:, http:, ...): %s", uri);
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            return new OfPath(Path.of(uri));
        }
        return new OfUri(uri);
    }

    /** Checks a display name; shared by the records. */
    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        checkArgument(!name.isEmpty(), "A video input needs a non-empty display name");
        try {
            Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("A video input's display name must be usable as a path: "
                    + e.getMessage(), e);
        }
        return name;
    }

    /**
     * A video file.
     *
     * @param path the file
     */
    record OfPath(Path path) implements VideoInput {
        /** @param path the file */
        public OfPath {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public Path reportPath() {
            return path;
        }

        @Override
        public String describe() {
            return "the file " + path;
        }
    }

    /**
     * A stream, read once from its current position to its end; the caller keeps ownership and closes it.
     *
     * @param stream the bytes
     * @param name the display name
     */
    record OfStream(InputStream stream, String name) implements VideoInput {
        /**
         * @param stream the bytes
         * @param name the display name
         */
        public OfStream {
            Objects.requireNonNull(stream, "stream");
            checkName(name);
        }

        @Override
        public String describe() {
            return "the stream \"" + name + "\"";
        }
    }

    /**
     * Bytes in memory, not copied.
     *
     * @param buffer a read-only view of the video's bytes (position 0 to the limit); take a
     *        {@link ByteBuffer#duplicate()} to read it, so other readers are not disturbed
     * @param name the display name
     */
    record OfBytes(ByteBuffer buffer, String name) implements VideoInput {
        /**
         * @param buffer the bytes from its position to its limit; the record keeps a read-only slice of them
         * @param name the display name
         */
        public OfBytes {
            buffer = Objects.requireNonNull(buffer, "buffer").asReadOnlyBuffer().slice();
            checkName(name);
        }

        @Override
        public ByteBuffer buffer() {
            return buffer.duplicate();
        }

        @Override
        public String describe() {
            return "the " + buffer.remaining() + " bytes \"" + name + "\"";
        }
    }

    /**
     * A seekable channel, read from position 0 to its size; the caller keeps ownership and closes it.
     *
     * @param channel the bytes
     * @param name the display name
     */
    record OfChannel(SeekableByteChannel channel, String name) implements VideoInput {
        /**
         * @param channel the bytes
         * @param name the display name
         */
        public OfChannel {
            Objects.requireNonNull(channel, "channel");
            checkName(name);
        }

        @Override
        public String describe() {
            return "the channel \"" + name + "\"";
        }
    }

    /**
     * A URI other than {@code file:}, read by the decoder's own network support when its scheme is allowed.
     *
     * @param uri the URI
     */
    record OfUri(URI uri) implements VideoInput {
        /** @param uri an absolute, non-{@code file:} URI */
        public OfUri {
            Objects.requireNonNull(uri, "uri");
            checkArgument(uri.getScheme() != null && !"file".equalsIgnoreCase(uri.getScheme()),
                    "OfUri takes an absolute URI other than file: (use VideoInput.of(URI)): %s", uri);
        }

        /** @return the scheme in lower case, e.g. {@code https} */
        public String scheme() {
            return uri.getScheme().toLowerCase(Locale.ROOT);
        }

        /** @return the URI without user info and query */
        @Override
        public String name() {
            try {
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
                        .toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                return uri.getScheme() + ":" + (uri.getHost() != null ? "//" + uri.getHost() : "") + "/...";
            }
        }

        @Override
        public String describe() {
            return "the URI " + name();
        }

        /**
         * @param allowed the schemes allowed for this call (lower case)
         * @throws DeepfakeException {@link ErrorCode#UNSUPPORTED_INPUT} naming the scheme and the option that allows
         *         it, when the scheme is not in {@code allowed}
         */
        public void requireAllowed(Set<String> allowed) throws DeepfakeException {
            if (!allowed.contains(scheme())) {
                throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Cannot read " + describe() + ": the '"
                        + scheme() + "' protocol is not allowed (allowed: " + (allowed.isEmpty() ? "none" : allowed)
                        + "); allow it with DetectorBuilder.allowProtocols(Set.of(\"" + scheme()
                        + "\")) or DecodeOptions.Builder.allowProtocols", reportPath(), null);
            }
        }
    }
}
