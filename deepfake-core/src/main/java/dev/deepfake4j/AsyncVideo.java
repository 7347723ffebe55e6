package dev.deepfake4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The future of one {@link DeepfakeDetector#analyzeAsync} video and the task that computes it. Unlike a plain
 * {@link CompletableFuture}, {@code cancel(true)} interrupts the thread running the video, which the pipeline
 * notices at its next frame. The permit it holds in the detector's bound is given back exactly once, when the
 * task ends or is dropped.
 */
final class AsyncVideo extends CompletableFuture<VideoReport> implements Runnable {
    /** The work of the video; may throw what {@link DeepfakeDetector#analyze} throws. */
    @FunctionalInterface
    interface Work {
        VideoReport run() throws DeepfakeException;
    }

    private final Work work;
    private final Semaphore permits;
    private final Runnable onEnd;
    private boolean released;
    /** The thread running the work, guarded by this. */
    private Thread runner;
    /** Whether this future interrupted its runner, guarded by this. */
    private boolean interrupted;

    AsyncVideo(Work work, Semaphore permits, Runnable onEnd) {
        this.work = work;
        this.permits = permits;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        try {
            synchronized (this) {
                if (isDone()) {
                    return; // cancelled or aborted while queued
                }
                runner = Thread.currentThread();
            }
            VideoReport report = null;
            Throwable failure = null;
            try {
                report = work.run();
            } catch (Throwable t) {
                failure = t;
            } finally {
                synchronized (this) {
                    runner = null;
                    if (interrupted) {
                        Thread.interrupted(); // the interrupt was ours: leave the executor's thread clean
                    }
                }
            }
            // the permit comes back before the caller hears, so that a caller who waits and submits is not refused
            release();
            if (failure != null) {
                completeExceptionally(failure);
            } else {
                complete(report);
            }
        } finally {
            release();
        }
    }

    /** Interrupts the running video when {@code mayInterruptIfRunning}; completes with a cancellation. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled && mayInterruptIfRunning) {
            interruptRunner();
        }
        return cancelled;
    }

    /** Fails this future with {@code cause} and interrupts the running video (the detector is closing). */
    void abort(Throwable cause) {
        if (completeExceptionally(cause)) {
            interruptRunner();
        }
    }

    /** Gives the permit back when the executor refused or dropped the task. */
    void dropped(Throwable cause) {
        completeExceptionally(cause);
        release();
    }

    private synchronized void interruptRunner() {
        if (runner != null) {
            interrupted = true;
            runner.interrupt();
        }
    }

    private void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        permits.release();
        onEnd.run();
    }
}
