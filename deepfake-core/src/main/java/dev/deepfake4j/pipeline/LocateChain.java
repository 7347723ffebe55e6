package dev.deepfake4j.pipeline;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.image.Frame;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the per-frame work of one video off the decoding thread, frame after frame and in order, so that the
 * decoder goes on with the next frame meanwhile. At most {@link #FRAMES_AHEAD} copied frames wait, which bounds
 * what a video holds; a failure of the work stops the decoder at its next frame and is rethrown there. Each copy
 * lives in a direct buffer borrowed from the pipeline's {@link FrameBufferPool} and given back as soon as the
 * frame's work ends, so the work sees a view frame that OpenCV reads in place.
 *
 * <p><b>On the decoding thread.</b> When other videos in flight already keep every core busy (a batch on a few
 * cores), running the work beside the decoder buys no time and costs a copy of every frame (6 MB at 1080p) and a
 * hand-off between threads; a chain made {@link #of} with {@code inline} then runs the work inside
 * {@link #submit}, on the decoder's own frame, with no copy.
 *
 * <p>{@link #submit} is called by the decoding thread; {@link #await} and {@link #settle} by the caller after
 * decoding. Each task happens-before the next and before {@code await} returns, so the work may keep plain
 * (unsynchronised) state.
 */
final class LocateChain {
    /** Frames copied for the work and not yet processed. */
    static final int FRAMES_AHEAD = 2;

    /** The work done for one frame, on the locate executor. */
    @FunctionalInterface
    interface FrameWork {
        /**
         * @param frame a tightly packed copy of the decoded frame, or on the decoding thread the decoder's frame
         *        itself; either way a view valid during this call only (its buffer goes back to the pool or to the
         *        decoder), so keep only what is derived from it (boxes, crops, thumbnails)
         */
        void process(Frame frame) throws DeepfakeException;
    }

    private final Path video;
    private final Executor executor;
    private final VideoDeadline deadline;
    private final StageClock clock;
    private final FrameBufferPool buffers;
    private final Semaphore ahead = new Semaphore(FRAMES_AHEAD);
    /** Whether the work runs inside {@link #submit}, on the decoder's frame. */
    private final boolean inline;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    /** A chain that runs the work on {@code executor}, beside the decoder. */
    LocateChain(Path video, Executor executor, VideoDeadline deadline, StageClock clock, FrameBufferPool buffers) {
        this(video, executor, deadline, clock, buffers, false);
    }

    private LocateChain(Path video, Executor executor, VideoDeadline deadline, StageClock clock,
            FrameBufferPool buffers, boolean inline) {
        this.video = video;
        this.buffers = buffers;
        this.executor = executor;
        this.deadline = deadline;
        this.clock = clock;
        this.inline = inline;
    }

    /**
     * @param video the video, for messages
     * @param executor where the work runs when {@code inline} is false
     * @param deadline the video's deadline
     * @param clock the video's stage clock
     * @param buffers where frames are copied for the work when {@code inline} is false
     * @param inline whether the work runs inside {@link #submit} instead (see the class documentation)
     * @return a chain of the kind asked for
     */
    static LocateChain of(Path video, Executor executor, VideoDeadline deadline, StageClock clock,
            FrameBufferPool buffers, boolean inline) {
        return inline ? new LocateChain(video, Runnable::run, deadline, clock, null, true)
                : new LocateChain(video, executor, deadline, clock, buffers);
    }

    /**
     * Queues the work for a frame, waiting while {@link #FRAMES_AHEAD} frames are already queued.
     *
     * @param frame the decoder's frame, valid during this call only: the work gets a copy, valid during the work
     * @throws DeepfakeException {@code CANCELLED} on interrupt or timeout, or the failure of earlier work
     */
    void submit(Frame frame, FrameWork work) throws DeepfakeException {
        if (Thread.currentThread().isInterrupted()) {
            throw DeepfakeException.cancelled("analysing " + video);
        }
        deadline.check();
        rethrowIfFailed();
        if (inline) {
            runInline(frame, work);
            return;
        }
        long waitStart = System.nanoTime();
        try {
            // a failed chain skips its later tasks, whose permits then never come back: look again now and then
            while (!ahead.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                rethrowIfFailed();
                deadline.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeepfakeException.cancelled("analysing " + video);
        }
        clock.decoderWaited(System.nanoTime() - waitStart);
        // the permit may have come from a task that just failed: stop here rather than queue a frame it would skip
        try {
            rethrowIfFailed();
        } catch (DeepfakeException e) {
            ahead.release();
            throw e;
        }
        ByteBuffer buffer = buffers.borrow(packedBytes(frame));
        Frame held = copyInto(frame, buffer);
        tail = tail.thenRunAsync(() -> {
            try {
                deadline.check();
                work.process(held);
            } catch (DeepfakeException e) {
                throw new CompletionException(e);
            } finally {
                buffers.release(buffer);
                ahead.release();
            }
        }, executor);
    }

    /** The work on the decoder's frame; a failure is kept as the chain's, as a task beside the decoder would. */
    private void runInline(Frame frame, FrameWork work) throws DeepfakeException {
        try {
            work.process(frame);
        } catch (DeepfakeException | RuntimeException e) {
            tail = CompletableFuture.failedFuture(e);
            throw unwrap(e);
        }
    }

    /**
     * Waits for the queued work within the video's deadline.
     *
     * @throws DeepfakeException the work's failure; {@code CANCELLED} on interrupt or timeout
     */
    void await() throws DeepfakeException {
        try {
            if (deadline.unlimited()) {
                tail.get();
            } else {
                tail.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            settle();
            Thread.currentThread().interrupt();
            throw DeepfakeException.cancelled("locating faces of " + video);
        } catch (TimeoutException e) {
            settle();
            throw deadline.timedOut();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /**
     * Lets the frame being processed finish before the caller gives up the video's state: one frame takes
     * milliseconds, so this waits at most a few seconds, and keeps the caller's interrupt flag.
     */
    void settle() {
        boolean interrupted = Thread.interrupted();
        try {
            tail.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException | TimeoutException | CancellationException ignored) {
            // the failure itself is reported by whoever called settle
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int packedBytes(Frame frame) {
        return frame.width() * frame.height() * frame.format().bytesPerPixel();
    }

    /** One bulk copy per row into the pooled buffer; the result is a packed view over it. */
    private static Frame copyInto(Frame frame, ByteBuffer buffer) {
        ByteBuffer src = frame.pixels();
        int base = src.position();
        int rowBytes = frame.width() * frame.format().bytesPerPixel();
        int stride = frame.rowStride();
        if (stride == rowBytes) {
            buffer.put(src.limit(base + rowBytes * frame.height()));
        } else {
            for (int y = 0; y < frame.height(); y++) {
                int from = base + y * stride;
                buffer.put(src.limit(from + rowBytes).position(from));
            }
        }
        buffer.flip();
        return Frame.view(frame.index(), frame.ptsSeconds(), frame.width(), frame.height(), rowBytes, frame.format(),
                buffer);
    }

    private void rethrowIfFailed() throws DeepfakeException {
        if (tail.isCompletedExceptionally()) {
            try {
                tail.join();
            } catch (CompletionException e) {
                throw unwrap(e.getCause());
            }
        }
    }

    /** A component's unchecked failure becomes {@code BACKEND_FAILURE} naming the video: one checked type. */
    private DeepfakeException unwrap(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof DeepfakeException de) {
            return de;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Face location or cropping failed on " + video + ": "
                + cause, video, cause);
    }
}
