package dev.deepfake4j;

import dev.deepfake4j.explain.OcclusionOptions;
import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.pipeline.VideoPipeline;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.Components;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether videos of people are deepfakes: decodes sampled frames, finds and tracks faces, classifies face
 * crops, and aggregates face scores into one probability per video.
 *
 * <pre>{@code
 * try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
 *     double pFake = detector.score(Path.of("clip.mp4"));
 *     VideoReport report = detector.analyze(Path.of("clip.mp4"));
 * }
 * }</pre>
 *
 * <p><b>Thread safety.</b> Immutable and thread-safe: one instance serves any number of threads, each call
 * working on its own video. {@link #analyzeAll} scores many videos on the detector's own threads, at most
 * {@link DetectorBuilder#maxConcurrentVideos(int)} at a time. {@link #analyzeAsync(VideoInput)} returns at once
 * with a future; at most {@code maxConcurrentVideos + maxQueuedVideos} such videos are held, and a call beyond
 * that fails its future at once with {@link ErrorCode#BUSY}. A {@link VideoProgress} passed to a call hears how
 * far its video has got.
 *
 * <p><b>Ownership.</b> The detector owns the components it created itself (defaults found through
 * {@link Components}) and closes them in {@link #close()}; it never closes a component the caller passed to the
 * builder. {@code close()} waits for calls in flight, is idempotent, and any later call fails with a
 * {@link DetectorClosedException}.
 *
 * <p><b>Cancellation.</b> Interrupting a thread inside {@link #score}/{@link #analyze} stops it at the next frame
 * with {@link ErrorCode#CANCELLED}; the interrupt flag stays set.
 */
public final class DeepfakeDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeepfakeDetector.class);

    private final VideoPipeline pipeline;
    private final List<AutoCloseable> owned;
    private final int maxConcurrentVideos;
    private final DetectorThreads threads;
    private final BatchRun batch;
    /** Bounds the asynchronous videos held at once; see {@link DetectorBuilder#maxQueuedVideos}. */
    private final Semaphore asyncPermits;
    private final int maxAsyncVideos;
    /** The asynchronous videos not yet ended, failed by {@link #close()}. */
    private final Set<AsyncVideo> asyncVideos = ConcurrentHashMap.newKeySet();
    /** Calls hold the read lock; close() takes the write lock, so it waits for calls in flight. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    DeepfakeDetector(VideoPipeline pipeline, List<AutoCloseable> owned, int maxConcurrentVideos,
            DetectorThreads threads, int maxAsyncVideos) {
        this.maxAsyncVideos = maxAsyncVideos;
        this.asyncPermits = new Semaphore(maxAsyncVideos);
        this.pipeline = pipeline;
        this.owned = owned;
        this.maxConcurrentVideos = maxConcurrentVideos;
        this.threads = threads;
        this.batch = new BatchRun(threads.videos(), this::outcomeOf);
    }

    /** @return a builder preset to the documented defaults */
    public static DetectorBuilder builder() {
        return new DetectorBuilder();
    }

    /**
     * @param video the video file
     * @return the probability that the video is fake, in [ε, 1 − ε]; check {@link #analyze} for the label when a
     *         video may have no face (its score is then only the prior)
     * @throws DeepfakeException with the {@link ErrorCode} of what failed, naming the file
     * @throws DetectorClosedException when the detector is closed
     */
    public double score(Path video) throws DeepfakeException {
        return analyze(video).pFake();
    }

    /**
     * @param video the video: a file, stream, bytes, channel or URI (see {@link VideoInput})
     * @return the probability that the video is fake, as {@link #score(Path)}
     * @throws DeepfakeException with the {@link ErrorCode} of what failed, naming the input
     * @throws DetectorClosedException when the detector is closed
     */
    public double score(VideoInput video) throws DeepfakeException {
        return analyze(video).pFake();
    }

    /**
     * @param video the video file
     * @return the probability of fake with its verdict, evidence and timings
     * @throws DeepfakeException with the {@link ErrorCode} of what failed, naming the file; a component's
     *         unchecked failure is {@link ErrorCode#BACKEND_FAILURE} with it as the cause
     * @throws DetectorClosedException when the detector is closed
     */
    public VideoReport analyze(Path video) throws DeepfakeException {
        return analyze(VideoInput.of(Objects.requireNonNull(video, "video")));
    }

    /**
     * Scores a video however it arrives (see {@link VideoInput} for how each kind is read, what is copied and who
     * closes what). The same video bytes give the same report whichever way they arrive; the report's
     * {@link VideoReport#path()} is the input's {@link VideoInput#reportPath()} ({@code -} for standard input).
     *
     * @param video the video
     * @return the probability of fake with its verdict, evidence and timings
     * @throws DeepfakeException with the {@link ErrorCode} of what failed, naming the input: as
     *         {@link #analyze(Path)}, and {@code UNSUPPORTED_INPUT} for a URI whose scheme was not allowed
     *         ({@link DetectorBuilder#allowProtocols}) or an input the decoder cannot read, {@code IO_FAILURE}
     *         when a stream fails while it is read
     * @throws DetectorClosedException when the detector is closed
     */
    public VideoReport analyze(VideoInput video) throws DeepfakeException {
        return analyze(video, VideoProgress.NONE);
    }

    /**
     * As {@link #analyze(VideoInput)}, telling {@code progress} how far the video has got.
     *
     * @param video the video
     * @param progress hears this video's frames and faces; called on the detector's threads (see
     *        {@link VideoProgress}); {@link VideoProgress#NONE} for none
     * @return the probability of fake with its verdict, evidence and timings
     * @throws DeepfakeException as {@link #analyze(VideoInput)}
     * @throws DetectorClosedException when the detector is closed
     */
    public VideoReport analyze(VideoInput video, VideoProgress progress) throws DeepfakeException {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(progress, "progress");
        return whileOpen(() -> pipeline.analyze(video, progress));
    }

    /**
     * Scores a long or open-ended video (an hour-long upload, a live stream read through FFmpeg) window by window:
     * every {@link WindowOptions#windowSeconds()} of video time becomes one {@link WindowReport}, handed to
     * {@code onWindow} as soon as the window is scored, with the running video score (the maximum over the windows
     * judged so far: a video is fake when any part of it is). Memory is bounded whatever the length: a window's
     * frames, crops and scores are dropped once it is reported, and only a few counters are kept. Frames are chosen
     * by presentation time as the input is read ({@link dev.deepfake4j.spi.VideoSource#decodeStream}), so the input's
     * length need not be known. A {@linkplain VideoInput#of(java.io.InputStream, String) stream} (a live stream
     * piped in) is read as it arrives, never copied to disk ({@link dev.deepfake4j.spi.VideoDecoder#openSequential}),
     * so its container must be one that can be read without seeking: MPEG-TS, Matroska/WebM, or an MP4 with its
     * index first. Thread-safe as {@link #analyze(VideoInput)}; a window's analysis is bounded by the
     * builder's video time limit, the whole call is not.
     *
     * @param video the video; read once, front to back
     * @param options window length and frames per window ({@link WindowOptions#defaults()}: 10 s, 32 frames)
     * @param onWindow receives each window's report, in order, on the calling thread; it owns the report. An
     *        unchecked exception it throws stops the run and is rethrown as it was
     * @return the summary: windows, frames and faces counted, and the video's verdict
     * @throws DeepfakeException as {@link #analyze(VideoInput)}; {@code UNSUPPORTED_INPUT} when the decoder can read
     *         the input only whole and its length is unknown, or a stream is an MP4 whose index is at its end
     * @throws DetectorClosedException when the detector is closed
     */
    public WindowedReport analyzeWindows(VideoInput video, WindowOptions options, Consumer<WindowReport> onWindow)
            throws DeepfakeException {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(onWindow, "onWindow");
        return whileOpen(() -> pipeline.analyzeWindows(video, options, onWindow));
    }

    /**
     * Scores a video file on the detector's video threads; see {@link #analyzeAsync(VideoInput, Executor)}.
     *
     * @param video the video file
     * @return the report's future
     */
    public CompletableFuture<VideoReport> analyzeAsync(Path video) {
        return analyzeAsync(VideoInput.of(Objects.requireNonNull(video, "video")));
    }

    /**
     * Scores a video on the detector's video threads (at most {@link DetectorBuilder#maxConcurrentVideos} at a
     * time, shared with {@link #analyzeAll}); see {@link #analyzeAsync(VideoInput, Executor)}.
     *
     * @param video the video
     * @return the report's future
     */
    public CompletableFuture<VideoReport> analyzeAsync(VideoInput video) {
        return analyzeAsync(video, threads.videos(), VideoProgress.NONE);
    }

    /**
     * Scores a video on the caller's executor; never blocks the calling thread.
     *
     * @param video the video
     * @param executor runs the video's decoding (one task per video, which holds its thread until the video is
     *        done); face location and classification stay on the detector's pools. The caller owns it
     * @return the report's future, which completes with what {@link #analyze(VideoInput)} returns; or fails
     *         with what it throws as the cause ({@link DeepfakeException} naming the input, or
     *         {@link DetectorClosedException} when the detector is or gets closed before the video is done),
     *         and at once with {@link ErrorCode#BUSY} when {@code maxConcurrentVideos + maxQueuedVideos}
     *         asynchronous videos are already held (see {@link DetectorBuilder#maxQueuedVideos}), or when
     *         {@code executor} rejects the task. {@code cancel(true)} interrupts the video, which stops at its
     *         next frame and frees its state; the future then reports a
     *         {@link java.util.concurrent.CancellationException}
     */
    public CompletableFuture<VideoReport> analyzeAsync(VideoInput video, Executor executor) {
        return analyzeAsync(video, executor, VideoProgress.NONE);
    }

    /**
     * As {@link #analyzeAsync(VideoInput, Executor)}, telling {@code progress} how far the video has got.
     *
     * @param video the video
     * @param executor runs the video, as {@link #analyzeAsync(VideoInput, Executor)}
     * @param progress hears this video's frames and faces (see {@link VideoProgress})
     * @return the report's future
     */
    public CompletableFuture<VideoReport> analyzeAsync(VideoInput video, Executor executor, VideoProgress progress) {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(progress, "progress");
        if (closed) {
            return CompletableFuture.failedFuture(new DetectorClosedException());
        }
        if (!asyncPermits.tryAcquire()) {
            Path path = video.reportPath();
            return CompletableFuture.failedFuture(new DeepfakeException(ErrorCode.BUSY, "Refused " + path + ": "
                    + maxAsyncVideos + " asynchronous videos are already held (maxConcurrentVideos + "
                    + "maxQueuedVideos); retry when one completes, or raise DetectorBuilder.maxQueuedVideos", path,
                    null));
        }
        AsyncVideo[] self = new AsyncVideo[1];
        AsyncVideo task = new AsyncVideo(() -> analyze(video, progress), asyncPermits,
                () -> asyncVideos.remove(self[0]));
        self[0] = task;
        asyncVideos.add(task);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            Path path = video.reportPath();
            task.dropped(closed ? new DetectorClosedException() : new DeepfakeException(ErrorCode.BUSY,
                    "Refused " + path + ": the executor rejected it (" + e.getMessage() + ")", path, e));
        }
        return task;
    }

    /**
     * Scores many videos, at most {@link DetectorBuilder#maxConcurrentVideos} at a time, and hands each outcome to
     * {@code onResult} on the calling thread as soon as it is ready (completion order). A video that fails does
     * not stop the others. When {@code onResult} throws, the videos not yet done are cancelled and the exception
     * is rethrown.
     *
     * @param videos the video files
     * @param onResult called once per video, on this thread
     * @throws DeepfakeException {@link ErrorCode#CANCELLED} when this thread is interrupted; videos not yet done
     *         are cancelled
     * @throws DetectorClosedException when the detector is closed
     */
    public void analyzeAll(Collection<Path> videos, Consumer<VideoOutcome> onResult) throws DeepfakeException {
        Objects.requireNonNull(onResult, "onResult");
        if (closed) {
            throw new DetectorClosedException();
        }
        batch.run(new ArrayList<>(videos), (position, outcome) -> onResult.accept(outcome));
    }

    /**
     * Scores many videos, at most {@link DetectorBuilder#maxConcurrentVideos} at a time.
     *
     * @param videos the video files
     * @return one outcome per video, in the order given
     * @throws DeepfakeException {@link ErrorCode#CANCELLED} when this thread is interrupted
     * @throws DetectorClosedException when the detector is closed
     */
    public List<VideoOutcome> analyzeAll(List<Path> videos) throws DeepfakeException {
        if (closed) {
            throw new DetectorClosedException();
        }
        VideoOutcome[] ordered = new VideoOutcome[videos.size()];
        batch.run(videos, (position, outcome) -> ordered[position] = outcome);
        return Arrays.asList(ordered);
    }

    /** Scores one video of a batch; never throws: every failure becomes the video's outcome. */
    private VideoOutcome outcomeOf(Path video) {
        try {
            return VideoOutcome.success(analyze(video));
        } catch (DeepfakeException e) {
            return VideoOutcome.failure(video, e);
        } catch (DetectorClosedException e) {
            return VideoOutcome.failure(video, new DeepfakeException(ErrorCode.CANCELLED,
                    "Not scored: the detector was closed before " + video + " was reached", video, e));
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure scoring {}", video, e);
            return VideoOutcome.failure(video, new DeepfakeException(ErrorCode.BACKEND_FAILURE,
                    "Unexpected failure scoring " + video + ": " + e, video, e));
        }
    }

    /** @return the most videos {@link #analyzeAll} scores at once */
    public int maxConcurrentVideos() {
        return maxConcurrentVideos;
    }

    /** @return the frame sampler in use */
    public FrameSampler sampler() {
        return pipeline.sampler();
    }

    /**
     * @return the classifiers' names ({@code Classifier.name()}), in order: what a
     *         {@link dev.deepfake4j.calibrate.FittedCalibration} records and is checked against
     */
    public List<String> classifierNames() {
        return pipeline.classifierNames();
    }

    /**
     * Why a face crop scores as it does: a model-agnostic occlusion map (see
     * {@link dev.deepfake4j.explain.OcclusionSensitivity}), then the classifiers' own maps when they have them
     * ({@link dev.deepfake4j.explain.OwnMapClassifier}). Made by the classifiers that take the crop's size and
     * colour order (of an ensemble, their mean P(fake)); a crop a report kept
     * ({@link DetectorBuilder#keepCrops()}) always fits. Costs one classifier score per patch position; runs on
     * the calling thread.
     *
     * @param crop the face crop
     * @param options the occlusion patch, stride and fill, e.g.
     *        {@link dev.deepfake4j.explain.OcclusionOptions#forCrop}
     * @return the maps, occlusion first
     * @throws DeepfakeException {@code BACKEND_FAILURE} when a classifier fails
     * @throws IllegalArgumentException when no classifier of this detector takes the crop
     * @throws DetectorClosedException when the detector is closed
     */
    public List<SensitivityMap> explain(FaceCrop crop,
            OcclusionOptions options) throws DeepfakeException {
        Objects.requireNonNull(crop, "crop");
        Objects.requireNonNull(options, "options");
        return whileOpen(() -> pipeline.explain(crop, options));
    }

    /** @return names of the face locator and classifiers in use, for logs and reports */
    public String describe() {
        return pipeline.describe();
    }

    /**
     * Fails the futures of asynchronous videos not yet done with a {@link DetectorClosedException} (interrupting
     * those that run), cancels queued batch videos, waits for calls in flight (interrupting batch videos that run),
     * then stops the detector's threads and frees the components this detector created ({@link Components}
     * defaults). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (AsyncVideo video : asyncVideos) {
            video.abort(new DetectorClosedException());
        }
        threads.cancelVideos();
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            threads.shutdownNow();
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} failed", c, e);
                }
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** A call on the pipeline. */
    @FunctionalInterface
    private interface PipelineCall<T> {
        T run() throws DeepfakeException;
    }

    /** Runs {@code call} holding the read lock, so that {@link #close()} waits for it; refuses once closed. */
    private <T> T whileOpen(PipelineCall<T> call) throws DeepfakeException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new DetectorClosedException();
            }
            return call.run();
        } finally {
            lifecycle.readLock().unlock();
        }
    }
}
