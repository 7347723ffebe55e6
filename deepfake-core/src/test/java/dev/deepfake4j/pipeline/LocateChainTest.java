package dev.deepfake4j.pipeline;

import static dev.deepfake4j.pipeline.StageFakes.VIDEO;
import static dev.deepfake4j.pipeline.StageFakes.WAIT_S;
import static dev.deepfake4j.pipeline.StageFakes.awaitLatch;
import static dev.deepfake4j.pipeline.StageFakes.frame;
import static dev.deepfake4j.pipeline.StageFakes.unlimited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.pipeline.LocateChain.FrameWork;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocateChainTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    /** One permit per task the pool has finished running (for {@link #counted}). */
    private final Semaphore finished = new Semaphore(0);
    private final List<Integer> processed = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
        Thread.interrupted();
    }

    /** The pool, releasing a permit of {@link #finished} once each task has run (and so completed its stage). */
    private Executor counted() {
        return task -> pool.execute(() -> {
            try {
                task.run();
            } finally {
                finished.release();
            }
        });
    }

    private final FrameBufferPool frameBuffers = new FrameBufferPool(4);

    private LocateChain chain(Executor executor, VideoDeadline deadline) {
        return new LocateChain(VIDEO, executor, deadline, new StageClock(), frameBuffers);
    }

    private final FrameWork record = frame -> processed.add(frame.index());

    /** @return work that records its frame once {@code go} opens (or after WAIT_S), counting down {@code started} */
    private FrameWork blockedUntil(CountDownLatch started, CountDownLatch go) {
        return frame -> {
            started.countDown();
            try {
                go.await(WAIT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw DeepfakeException.cancelled("test work");
            }
            processed.add(frame.index());
        };
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(1);
        }
    }

    private static boolean parked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED;
    }

    @Test
    void framesAheadIsTwo() {
        assertThat(LocateChain.FRAMES_AHEAD).isEqualTo(2);
    }

    @Test
    void runsTheWorkInSubmissionOrderOffTheDecodingThread() throws DeepfakeException {
        LocateChain chain = chain(pool, unlimited());
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            chain.submit(frame(i, 0), frame -> {
                threads.add(Thread.currentThread());
                processed.add(frame.index());
            });
        }
        chain.await();
        // a pool of 4 threads, yet frames 0..5 one after the other
        assertThat(processed).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(threads).hasSize(6).doesNotContain(Thread.currentThread());
    }

    @Test
    void theThirdSubmitWaitsWhileTwoFramesAreQueued() throws Exception {
        LocateChain chain = chain(pool, unlimited());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger submitted = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread decoder = new Thread(() -> {
            try {
                chain.submit(frame(0, 0), blockedUntil(started, go)); // running, blocked
                submitted.incrementAndGet();
                chain.submit(frame(1, 0), record); // queued: 2 frames held
                submitted.incrementAndGet();
                chain.submit(frame(2, 0), record); // must wait for a free slot
                submitted.incrementAndGet();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "fake-decoder");
        decoder.start();
        awaitLatch(started);
        waitFor(() -> submitted.get() >= 2 && parked(decoder));
        assertThat(submitted).hasValue(2);
        assertThat(decoder.getState()).isNotEqualTo(Thread.State.TERMINATED);
        go.countDown();
        decoder.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        assertThat(failure).hasValue(null);
        assertThat(submitted).hasValue(3);
        chain.await();
        assertThat(processed).containsExactly(0, 1, 2);
    }

    @Test
    void theWorkGetsAPooledCopyOfTheDecodersBufferThatGoesBackWhenItEnds() throws Exception {
        LocateChain chain = chain(pool, unlimited());
        ByteBuffer reused = ByteBuffer.allocateDirect(4 * 4 * 3);
        fill(reused, 7);
        Frame view = Frame.view(3, 0.3, 4, 4, 12, PixelFormat.BGR24, reused);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Frame> seen = new AtomicReference<>();
        AtomicInteger firstByte = new AtomicInteger(-1);
        chain.submit(view, frame -> {
            try {
                go.await(WAIT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw DeepfakeException.cancelled("test work");
            }
            seen.set(frame);
            firstByte.set(frame.sample(0, 0, 0));
        });
        fill(reused, 9); // the decoder moves on and overwrites its buffer before the work reads it
        go.countDown();
        chain.await();
        assertThat(firstByte).hasValue(7); // what was decoded, not the 9 written afterwards
        assertThat(seen.get()).isNotSameAs(view);
        // a packed view over a direct buffer of the pool, which OpenCV reads in place, back in the pool now
        assertThat(seen.get().isOwned()).isFalse();
        assertThat(seen.get().pixels().isDirect()).isTrue();
        assertThat(seen.get().rowStride()).isEqualTo(12);
        assertThat(seen.get().index()).isEqualTo(3);
        assertThat(frameBuffers.idleCount()).isEqualTo(1);
    }

    @Test
    void onTheDecodingThreadTheWorkRunsInsideSubmitOnTheDecodersOwnFrame() throws Exception {
        LocateChain chain = LocateChain.of(VIDEO, pool, unlimited(), new StageClock(), frameBuffers, true);
        ByteBuffer reused = ByteBuffer.allocateDirect(4 * 4 * 3);
        List<Thread> threads = new ArrayList<>();
        List<Frame> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fill(reused, i);
            Frame view = Frame.view(i, i / 10.0, 4, 4, 12, PixelFormat.BGR24, reused);
            int value = i;
            chain.submit(view, frame -> {
                threads.add(Thread.currentThread());
                seen.add(frame);
                assertThat(frame.sample(3, 3, 2)).isEqualTo(value); // done before the decoder's next frame
                processed.add(frame.index());
            });
            assertThat(processed).hasSize(i + 1); // already done when submit returns
            assertThat(seen.get(i)).isSameAs(view); // no copy
        }
        chain.await();
        assertThat(processed).containsExactly(0, 1, 2);
        assertThat(threads).containsOnly(Thread.currentThread());
        assertThat(frameBuffers.idleCount()).isZero(); // no buffer was borrowed
    }

    @Test
    void onTheDecodingThreadAFailureLeavesSubmitAndIsRethrownByLaterCalls() {
        LocateChain chain = LocateChain.of(VIDEO, pool, unlimited(), new StageClock(), frameBuffers, true);
        IllegalStateException boom = new IllegalStateException("locator crashed");
        assertBackendFailure(() -> chain.submit(frame(0, 0), frame -> {
            throw boom;
        }), boom);
        assertBackendFailure(() -> chain.submit(frame(1, 0), record), boom);
        assertBackendFailure(chain::await, boom);
        assertThat(processed).isEmpty();
    }

    private static void fill(ByteBuffer b, int value) {
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) value);
        }
    }

    @Test
    void aRuntimeFailureIsABackendFailureOnTheNextSubmitAndOnAwait() throws InterruptedException {
        LocateChain chain = chain(counted(), unlimited());
        IllegalStateException boom = new IllegalStateException("locator crashed");
        try {
            chain.submit(frame(0, 0), frame -> {
                throw boom;
            });
        } catch (DeepfakeException e) {
            throw new AssertionError("the first submit only queues", e);
        }
        assertThat(finished.tryAcquire(WAIT_S, TimeUnit.SECONDS)).isTrue(); // frame 0's work has failed
        assertBackendFailure(() -> chain.submit(frame(1, 0), record), boom);
        assertBackendFailure(chain::await, boom);
        assertThat(processed).isEmpty(); // frame 1 never ran
    }

    private static void assertBackendFailure(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Throwable cause) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DeepfakeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE);
            assertThat(e.getCause()).isSameAs(cause);
            assertThat(e.path()).contains(VIDEO);
            assertThat(e.getMessage()).contains(VIDEO.toString());
        });
    }

    @Test
    void aDeepfakeExceptionIsRethrownAsItIs() throws Exception {
        LocateChain chain = chain(counted(), unlimited());
        DeepfakeException own = new DeepfakeException(ErrorCode.MODEL_INVALID, "bad detector output", VIDEO, null);
        chain.submit(frame(0, 0), frame -> {
            throw own;
        });
        assertThat(finished.tryAcquire(WAIT_S, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> chain.submit(frame(1, 0), record)).isSameAs(own);
        assertThatThrownBy(chain::await).isSameAs(own);
    }

    @Test
    void anErrorIsNotWrapped() throws Exception {
        LocateChain chain = chain(pool, unlimited());
        AssertionError error = new AssertionError("out of test memory");
        chain.submit(frame(0, 0), frame -> {
            throw error;
        });
        assertThatThrownBy(chain::await).isSameAs(error);
    }

    @Test
    void aFailureWhileTheDecoderWaitsForASlotStopsItAndDoesNotHangIt() throws Exception {
        LocateChain chain = chain(pool, unlimited());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("locator crashed");
        AtomicInteger accepted = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread decoder = new Thread(() -> {
            try {
                chain.submit(frame(0, 0), frame -> {
                    blockedUntil(started, go).process(frame);
                    throw boom;
                });
                accepted.incrementAndGet();
                for (int i = 1; i < 10; i++) {
                    chain.submit(frame(i, 0), record);
                    accepted.incrementAndGet();
                }
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "fake-decoder");
        decoder.start();
        awaitLatch(started);
        waitFor(() -> accepted.get() >= 2 && parked(decoder)); // frames 0 and 1 queued, frame 2 waits for a slot
        assertThat(accepted).hasValue(2);
        go.countDown();
        decoder.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        assertThat(decoder.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfSatisfying(DeepfakeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE);
            assertThat(e.getCause()).isSameAs(boom);
        });
        // frame 0's freed slot may let frame 2 in before the failure shows (it is then skipped); the skipped
        // frames never give their slots back, so frame 3 at the latest sees the failure instead of waiting forever
        assertThat(accepted.get()).isBetween(2, 3);
        assertThat(processed).containsExactly(0); // frame 0's work recorded itself before it threw; none after ran
    }

    @Test
    void aPassedDeadlineCancelsTheSubmitBeforeAnyWork() throws Exception {
        LocateChain chain = chain(pool, StageFakes.expired());
        assertThatThrownBy(() -> chain.submit(frame(0, 0), record)).isInstanceOfSatisfying(DeepfakeException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
                    assertThat(e.getMessage()).startsWith("Timed out");
                });
        chain.await(); // nothing was queued
        assertThat(processed).isEmpty();
    }

    @Test
    void awaitTimesOutWithCancelledAndLetsTheRunningFrameFinish() throws Exception {
        VideoDeadline deadline = new VideoDeadline(VIDEO, Duration.ofMillis(300), System.nanoTime());
        LocateChain chain = chain(pool, deadline);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        chain.submit(frame(0, 0), blockedUntil(started, go));
        awaitLatch(started);
        waitFor(() -> deadline.remainingNanos() == 0);
        // await neither parks nor blocks before it has timed out (no time is left); it parks only while it lets
        // the running frame finish, which is when the helper opens the latch
        Thread caller = Thread.currentThread();
        Thread helper = new Thread(() -> {
            try {
                waitFor(() -> caller.getState() == Thread.State.TIMED_WAITING);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            go.countDown();
        });
        helper.start();
        assertThatThrownBy(chain::await).isInstanceOfSatisfying(DeepfakeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
            assertThat(e.getMessage()).startsWith("Timed out").contains("300 ms");
        });
        helper.join();
        assertThat(processed).containsExactly(0); // settled: the frame finished before await gave up
    }

    @Test
    void anInterruptedDecoderIsCancelledAndKeepsItsFlag() {
        LocateChain chain = chain(pool, unlimited());
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> chain.submit(frame(0, 0), record)).isInstanceOfSatisfying(
                DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(Thread.interrupted()).isTrue();
        assertThat(processed).isEmpty();
    }
}
