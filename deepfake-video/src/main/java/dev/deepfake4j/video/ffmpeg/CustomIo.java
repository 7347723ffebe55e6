package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FORCE;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg custom I/O ({@code avio_alloc_context}) over bytes the JVM holds: a {@link ByteBuffer} (heap or direct) or
 * a {@link SeekableByteChannel}. Both can seek, so the context gets a read and a seek callback (with
 * {@code AVSEEK_SIZE}); the demuxer then reads and seeks in them as in a file, and no byte is copied to disk. An
 * {@link InputStream} read front to back (a live stream piped in) gets a read callback only, so FFmpeg treats it as
 * non-seekable and demuxes it as it arrives.
 *
 * <p><b>Callbacks.</b> JavaCPP allows at most 10 live instances of each callback class (its {@code @Allocator}
 * default), so one read and one seek callback serve every context in the JVM: they are created once, held in static
 * fields for the life of the class loader (so they are never collected while FFmpeg holds their native thunks), and
 * find their context through the {@code opaque} pointer, whose address is this context's id in {@link #OPEN}. A Java
 * exception never crosses into native code: the callbacks catch every {@link Throwable}, record the first one
 * ({@link #failure()}) and return {@code AVERROR(EIO)}; the source then reports it as the typed error.
 *
 * <p><b>Ownership.</b> This object owns the {@code AVIOContext} and its buffer (allocated with {@code av_malloc},
 * possibly reallocated by FFmpeg, so the context's current {@code buffer} is what is freed). The format context that
 * uses it must be closed first ({@code avformat_close_input} does not free a custom context); then {@link #close()}
 * frees, in this order: the buffer ({@code av_free} of {@code ctx.buffer()}), the context
 * ({@code avio_context_free}), and the id (so a late callback finds nothing and returns an error). It never closes
 * the caller's channel. <b>Threads.</b> Not thread-safe: it belongs to one source, whose thread runs the callbacks.
 */
final class CustomIo implements AutoCloseable {
    /** The I/O buffer FFmpeg reads through: 64 KiB, FFmpeg's own default for files ({@code IO_BUFFER_SIZE} is 32 KiB). */
    static final int BUFFER_SIZE = 64 * 1024;
    private static final int AVERROR_EIO = -5;
    private static final int AVERROR_EINVAL = -22;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;

    private static final Map<Long, CustomIo> OPEN = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    /** Created on first use (after the natives are loaded), then kept for good: see the class documentation. */
    private static final class Callbacks {
        static final Read READ = new Read();
        static final Seek SEEK = new Seek();
    }

    private final Bytes bytes;
    private final String name;
    private final long id;
    private final Pointer opaque;
    private AVIOContext context;
    private Throwable failure;

    private CustomIo(Bytes bytes, String name) {
        this.bytes = bytes;
        this.name = name;
        this.id = IDS.incrementAndGet();
        this.opaque = new Opaque(id);
    }

    /**
     * @param buffer the video (a view of its own: its position is moved)
     * @param name the display name, for messages
     * @return an open context, owned by the caller
     */
    static CustomIo of(ByteBuffer buffer, String name) {
        return open(new BufferBytes(buffer), name);
    }

    /**
     * @param channel the video, from position 0; not closed here
     * @param name the display name, for messages
     * @return an open context, owned by the caller
     */
    static CustomIo of(SeekableByteChannel channel, String name) {
        return open(new ChannelBytes(channel), name);
    }

    /**
     * @param stream the video, read front to back from where it is now; never seeked, not closed here
     * @param name the display name, for messages
     * @return an open context without a seek callback (FFmpeg sees a non-seekable input), owned by the caller
     */
    static CustomIo of(InputStream stream, String name) {
        return open(new StreamBytes(stream), name, false);
    }

    private static CustomIo open(Bytes bytes, String name) {
        return open(bytes, name, true);
    }

    private static CustomIo open(Bytes bytes, String name, boolean seekable) {
        CustomIo io = new CustomIo(bytes, name);
        Pointer buffer = av_malloc(BUFFER_SIZE);
        if (buffer == null || buffer.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate an I/O buffer for " + name);
        }
        OPEN.put(io.id, io);
        AVIOContext ctx = avio_alloc_context(new BytePointer(buffer), BUFFER_SIZE, 0, io.opaque, Callbacks.READ,
                (Write_packet_Pointer_BytePointer_int) null, seekable ? Callbacks.SEEK : null);
        if (ctx == null || ctx.isNull()) {
            OPEN.remove(io.id);
            av_free(buffer);
            throw new OutOfMemoryError("FFmpeg could not allocate an I/O context for " + name);
        }
        io.context = ctx;
        return io;
    }

    /** @return the context to set as the format context's {@code pb} before {@code avformat_open_input} */
    AVIOContext context() {
        return context;
    }

    /** @return the size in bytes, or -1 when it is not known (a stream) */
    long size() {
        try {
            return bytes.size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** @return the first exception a callback caught, or {@code null} */
    Throwable failure() {
        return failure;
    }

    private int read(BytePointer target, int size) {
        try {
            if (size <= 0) {
                return 0;
            }
            ByteBuffer dst = target.capacity(size).asByteBuffer();
            int n = bytes.read(dst);
            return n < 0 ? AVERROR_EOF : n;
        } catch (Throwable t) {
            return fail(t);
        }
    }

    private long seek(long offset, int whence) {
        try {
            if ((whence & AVSEEK_SIZE) != 0) {
                return bytes.size();
            }
            long base = switch (whence & ~AVSEEK_FORCE) {
                case SEEK_SET -> 0;
                case SEEK_CUR -> bytes.position();
                case SEEK_END -> bytes.size();
                default -> -1;
            };
            if (base < 0 || base + offset < 0) {
                return AVERROR_EINVAL;
            }
            bytes.position(base + offset);
            return base + offset;
        } catch (Throwable t) {
            return fail(t);
        }
    }

    private int fail(Throwable t) {
        if (failure == null) {
            failure = t;
        } else if (failure != t) {
            failure.addSuppressed(t);
        }
        return AVERROR_EIO;
    }

    /** Frees the buffer, then the context, then forgets the id; idempotent. The format context must be closed first. */
    @Override
    public void close() {
        if (context != null) {
            av_free(context.buffer());
            context.buffer(null);
            avio_context_free(context);
            context = null;
        }
        OPEN.remove(id);
    }

    @Override
    public String toString() {
        return "CustomIo[" + name + ", " + bytes + "]";
    }

    /** A pointer that carries the context's id as its address; never dereferenced. */
    private static final class Opaque extends Pointer {
        Opaque(long id) {
            address = id;
        }
    }

    private static final class Read extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buf, int bufSize) {
            CustomIo io = opaque == null ? null : OPEN.get(opaque.address());
            return io == null ? AVERROR_EIO : io.read(buf, bufSize);
        }
    }

    private static final class Seek extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            CustomIo io = opaque == null ? null : OPEN.get(opaque.address());
            return io == null ? AVERROR_EIO : io.seek(offset, whence);
        }
    }

    /** The bytes behind a context. */
    private interface Bytes {
        /** @return bytes copied into {@code dst}, at least 1, or -1 at the end */
        int read(ByteBuffer dst) throws IOException;

        long position() throws IOException;

        void position(long position) throws IOException;

        long size() throws IOException;
    }

    private static final class BufferBytes implements Bytes {
        private final ByteBuffer buffer;

        BufferBytes(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(dst.remaining(), buffer.remaining());
            ByteBuffer slice = buffer.slice();
            slice.limit(n);
            dst.put(slice);
            buffer.position(buffer.position() + n);
            return n;
        }

        @Override
        public long position() {
            return buffer.position();
        }

        @Override
        public void position(long position) {
            buffer.position((int) Math.min(position, buffer.limit()));
        }

        @Override
        public long size() {
            return buffer.limit();
        }

        @Override
        public String toString() {
            return buffer.limit() + " bytes in memory";
        }
    }

    /** A stream read once, front to back: FFmpeg is given no seek callback, so position is only reported. */
    private static final class StreamBytes implements Bytes {
        private final InputStream stream;
        /** Reused for every read: an InputStream fills arrays, FFmpeg's buffer is native. */
        private final byte[] chunk = new byte[BUFFER_SIZE];
        private long position;

        StreamBytes(InputStream stream) {
            this.stream = stream;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = stream.read(chunk, 0, Math.min(dst.remaining(), chunk.length));
            if (n > 0) {
                dst.put(chunk, 0, n);
                position += n;
            }
            return n == 0 ? -1 : n;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void position(long target) throws IOException {
            throw new IOException("a stream read front to back cannot seek (to byte " + target + ")");
        }

        @Override
        public long size() throws IOException {
            throw new IOException("the length of a stream is not known before its end");
        }

        @Override
        public String toString() {
            return "a stream read front to back";
        }
    }

    private static final class ChannelBytes implements Bytes {
        private final SeekableByteChannel channel;

        ChannelBytes(SeekableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n;
            do {
                n = channel.read(dst);
            } while (n == 0 && dst.hasRemaining());
            return n;
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public void position(long position) throws IOException {
            channel.position(position);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public String toString() {
            return "a seekable channel";
        }
    }
}
