package dev.deepfake4j.models.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-thread input and output buffers of one {@link OnnxClassifier}: each calling thread gets its own direct,
 * native-order buffers, grown to the largest batch it has held, which ONNX Runtime reads and writes without copying.
 *
 * <p>Every buffer handed out is also recorded here, so that {@link #release()} drops all of them — not only the
 * calling thread's: a pool thread that classified once would otherwise keep its buffer (about 55 MB for an
 * EfficientNet-B7 batch) for as long as the thread lives. Dropped buffers are ordinary direct buffers, returned to
 * the system by the garbage collector.
 *
 * <p>Thread-safe. The caller must not release while a thread still uses its buffer; {@link OnnxClassifier} ensures
 * this with its lifecycle lock.
 */
final class InputBuffers {
    private final Set<ThreadBuffer> live = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<ThreadBuffer> perThread = ThreadLocal.withInitial(this::register);
    private volatile boolean released;

    private ThreadBuffer register() {
        ThreadBuffer b = new ThreadBuffer();
        live.add(b);
        return b;
    }

    /**
     * @return the calling thread's buffers, created on its first call
     * @throws IllegalStateException after {@link #release()}
     */
    ThreadBuffer forCurrentThread() {
        if (released) {
            throw new IllegalStateException("the classifier's buffers were released");
        }
        return perThread.get();
    }

    /** Drops every thread's buffers; idempotent. Later calls to {@link #forCurrentThread()} fail. */
    void release() {
        released = true;
        perThread.remove();
        for (ThreadBuffer b : live) {
            b.drop();
        }
        live.clear();
    }

    /** @return threads whose buffers are held (for tests: 0 after {@link #release()}) */
    int liveCount() {
        return live.size();
    }

    /** One thread's reusable input buffer and pinned output buffer, each grown to the largest batch it held. */
    static final class ThreadBuffer {
        private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);
        private ByteBuffer bytes = EMPTY;
        private ByteBuffer outputBytes = EMPTY;

        /** @return {@code elements} floats for the pinned output, indexed from 0 */
        FloatBuffer outputs(int elements) {
            if (outputBytes.capacity() < 4L * elements) {
                outputBytes = ByteBuffer.allocateDirect(4 * elements).order(ByteOrder.nativeOrder());
            }
            FloatBuffer f = outputBytes.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
            f.limit(elements);
            return f;
        }

        /** @return {@code elements} float32 input elements, indexed from 0 */
        FloatBuffer floats(int elements) {
            FloatBuffer f = ensure(4L * elements).duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
            f.limit(elements);
            return f;
        }

        /** @return {@code elements} float16 input elements, indexed from 0 */
        ShortBuffer shorts(int elements) {
            ShortBuffer s = ensure(2L * elements).duplicate().order(ByteOrder.nativeOrder()).asShortBuffer();
            s.limit(elements);
            return s;
        }

        private ByteBuffer ensure(long byteCount) {
            if (byteCount > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("an input batch of " + byteCount + " bytes is too large");
            }
            if (bytes.capacity() < byteCount) {
                bytes = ByteBuffer.allocateDirect((int) byteCount).order(ByteOrder.nativeOrder());
            }
            return bytes;
        }

        private void drop() {
            bytes = EMPTY;
            outputBytes = EMPTY;
        }
    }
}
