package dev.deepfake4j.video.opencv;

import java.util.concurrent.ConcurrentLinkedDeque;
import org.bytedeco.javacpp.Pointer;

/**
 * A pool of native objects that must not be shared between threads (OpenCV's {@code FaceDetectorYN} and
 * {@code CascadeClassifier} keep per-call state). A thread borrows one for a call and gives it back; the pool grows
 * to the number of threads that ever called at once.
 *
 * <p>After {@link #close()} idle objects are freed at once and borrowed ones when they are given back, so nothing
 * leaks even when close races a call in flight; new borrows fail.
 *
 * @param <T> the native type
 */
final class NativePool<T extends Pointer> implements AutoCloseable {

    /** Makes a new native object. */
    @FunctionalInterface
    interface Factory<T> {
        T create();
    }

    private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
    private final Factory<T> factory;
    private final String owner;
    private volatile boolean closed;

    NativePool(Factory<T> factory, String owner) {
        this.factory = factory;
        this.owner = owner;
    }

    /** Adds an object made beforehand (e.g. while validating a model). */
    void offer(T object) {
        release(object);
    }

    T borrow() {
        if (closed) {
            throw new IllegalStateException(owner + " is closed");
        }
        T object = idle.pollFirst();
        return object != null ? object : factory.create();
    }

    void release(T object) {
        idle.addFirst(object);
        // A close() that ran meanwhile may have drained the deque before our add: drain again.
        if (closed) {
            drain();
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        T object;
        while ((object = idle.pollFirst()) != null) {
            object.close();
        }
    }
}
