package dev.deepfake4j.spark;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A read-only {@link SeekableByteChannel} over a Hadoop {@link FSDataInputStream}, so that FFmpeg reads an object
 * of any Hadoop file system ({@code hdfs://}, {@code s3a://}, …) in place, seeking as its container needs, without
 * a local copy. The size is the file's length as its {@link org.apache.hadoop.fs.FileStatus} gave it when opened.
 *
 * <p>{@link #position(long)} only records the new position; the stream is {@linkplain FSDataInputStream#seek moved}
 * on the next read, and only when it is not there already, so that a sequential read stays one sequential stream
 * (which object stores serve best). Reading at or past the size gives end of stream ({@code -1}); a position past
 * the size is allowed, as {@link SeekableByteChannel} requires.
 *
 * <p>Closing the channel closes the stream. Not thread-safe: one decoder reads it.
 */
final class HadoopChannel implements SeekableByteChannel {
    /** The most bytes one read copies through the scratch array when the caller's buffer has no array. */
    private static final int SCRATCH_BYTES = 64 * 1024;

    private final FSDataInputStream in;
    private final long size;
    private long position;
    private byte[] scratch;
    private boolean open = true;

    /**
     * @param in the stream, positioned anywhere; this channel owns it from now on
     * @param size the file's length in bytes
     */
    HadoopChannel(FSDataInputStream in, long size) {
        this.in = Objects.requireNonNull(in, "in");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
        this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        int want = (int) Math.min(dst.remaining(), size - position);
        if (want == 0) {
            return 0;
        }
        if (in.getPos() != position) {
            in.seek(position);
        }
        int n;
        if (dst.hasArray()) {
            n = in.read(dst.array(), dst.arrayOffset() + dst.position(), want);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
        } else {
            if (scratch == null) {
                scratch = new byte[SCRATCH_BYTES];
            }
            n = in.read(scratch, 0, Math.min(want, scratch.length));
            if (n > 0) {
                dst.put(scratch, 0, n);
            }
        }
        if (n < 0) {
            throw new EOFException("The file ended at byte " + position + " of the " + size + " its status gave");
        }
        position += n;
        return n;
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("position < 0: " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    /** @throws NonWritableChannelException always: the channel is read-only */
    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    /** @throws NonWritableChannelException always: the channel is read-only */
    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Closes the stream; closing again does nothing. */
    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            in.close();
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
