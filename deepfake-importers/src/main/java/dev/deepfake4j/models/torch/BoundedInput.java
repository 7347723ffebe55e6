package dev.deepfake4j.models.torch;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream over a known number of bytes that counts what has been read, so that every length read from a
 * checkpoint can be checked against what is left before memory is allocated for it. Not thread-safe.
 */
final class BoundedInput extends InputStream {
    private final InputStream source;
    private final long length;
    private long position;

    /**
     * @param source the bytes; closed by the caller
     * @param length how many bytes {@code source} holds
     */
    BoundedInput(InputStream source, long length) {
        this.source = source;
        this.length = length;
    }

    /** @return bytes not yet read */
    long remaining() {
        return length - position;
    }

    @Override
    public int read() throws IOException {
        if (position >= length) {
            return -1;
        }
        int b = source.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (position >= length) {
            return -1;
        }
        int n = source.read(buffer, offset, (int) Math.min(count, length - position));
        if (n > 0) {
            position += n;
        }
        return n;
    }

    /**
     * @param count bytes wanted; the caller has checked it against {@link #remaining()}
     * @return exactly that many bytes
     * @throws InvalidCheckpointException when the file ends first
     */
    byte[] readExactly(int count) throws IOException {
        byte[] bytes = new byte[count];
        int done = 0;
        while (done < count) {
            int n = read(bytes, done, count - done);
            if (n < 0) {
                throw new InvalidCheckpointException("the file ends " + (count - done) + " bytes early");
            }
            done += n;
        }
        return bytes;
    }

    /** @return the next 4 bytes as a little-endian int */
    int readIntLittleEndian() throws IOException {
        byte[] b = readExactly(4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    /** @return the next 8 bytes as a little-endian long */
    long readLongLittleEndian() throws IOException {
        long low = Integer.toUnsignedLong(readIntLittleEndian());
        long high = Integer.toUnsignedLong(readIntLittleEndian());
        return low | high << 32;
    }

    /**
     * @param count bytes to pass over
     * @throws InvalidCheckpointException when the file ends first
     */
    void skipExactly(long count) throws IOException {
        long left = count;
        while (left > 0) {
            long n = source.skip(Math.min(left, length - position));
            if (n <= 0) {
                if (read() < 0) {
                    throw new InvalidCheckpointException("the file ends " + left + " bytes early");
                }
                n = 1;
            } else {
                position += n;
            }
            left -= n;
        }
    }
}
