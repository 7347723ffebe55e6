package dev.deepfake4j.pipeline;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Direct (native) byte buffers that hold the frames waiting on a locate chain, reused from video to video.
 *
 * <p><b>Why.</b> A sampled frame must outlive the decoder's callback, so it is copied once. Copying into a fresh heap
 * array made a 6 MB garbage array per 1080p frame (about 1.2 GB for 9 videos, most of the process's allocations and
 * page faults), and every OpenCV stage then copied the heap array again into native memory. A direct buffer taken
 * from this pool is written once and read in place by OpenCV ({@code FrameMat} points into it).
 *
 * <p><b>Ownership.</b> {@link #borrow} hands a buffer to the caller, who gives it back with {@link #release} once
 * nothing reads it any more (a locate chain: when the frame's work is done). A buffer that is never given back (the
 * work of a failed video is skipped) is simply collected. The pool keeps at most {@code maxIdle} buffers; their
 * memory goes back to the system when the pool (the pipeline) is dropped and the JVM collects them — Java 17 has no
 * explicit free for direct buffers, so the bound on idle buffers is what keeps native memory bounded.
 *
 * <p><b>Thread safety.</b> Safe for concurrent use: videos in flight borrow and release from several threads.
 */
final class FrameBufferPool {
    private final int maxIdle;
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();

    /** @param maxIdle buffers kept for reuse at most (the frames that can be in flight at once) */
    FrameBufferPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /**
     * @param bytes the size needed, in bytes
     * @return a cleared direct buffer of at least {@code bytes} capacity, its limit {@code bytes}; the caller owns
     *         it until {@link #release}
     */
    ByteBuffer borrow(int bytes) {
        ByteBuffer found = null;
        synchronized (idle) {
            for (Iterator<ByteBuffer> it = idle.iterator(); it.hasNext(); ) {
                ByteBuffer b = it.next();
                if (b.capacity() >= bytes) {
                    it.remove();
                    found = b;
                    break;
                }
            }
        }
        if (found == null) {
            found = ByteBuffer.allocateDirect(bytes);
        }
        found.clear().limit(bytes);
        return found;
    }

    /** @param buffer a buffer from {@link #borrow}, no longer read by anyone; kept for reuse while there is room */
    void release(ByteBuffer buffer) {
        synchronized (idle) {
            if (idle.size() < maxIdle) {
                idle.push(buffer);
            } else if (!idle.isEmpty() && idle.peekLast().capacity() < buffer.capacity()) {
                // keep the larger one: a 1080p video after a 720p one should not allocate again
                idle.pollLast();
                idle.push(buffer);
            }
        }
    }

    /** @return buffers kept for reuse now (for tests) */
    int idleCount() {
        synchronized (idle) {
            return idle.size();
        }
    }
}
