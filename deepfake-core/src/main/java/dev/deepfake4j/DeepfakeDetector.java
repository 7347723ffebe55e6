package dev.deepfake4j;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.aggregate.EnsembleMode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.FaceTracker;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.Components;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoDecoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@link Builder#maxConcurrentVideos(int)} at a time.
 *
 * <p><b>Ownership.</b> The detector owns the components it created itself (defaults found through
 * {@link Components}) and closes them in {@link #close()}; it never closes a component the caller passed to the
 * builder. {@code close()} waits for calls in flight, is idempotent, and any later call fails with an
 * {@link IllegalStateException}.
 *
 * <p><b>Cancellation.</b> Interrupting a thread inside {@link #score}/{@link #analyze} stops it at the next frame
 * with {@link ErrorCode#CANCELLED}; the interrupt flag stays set.
 */
public final class DeepfakeDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeepfakeDetector.class);

    private final VideoPipeline pipeline;
    private final List<AutoCloseable> owned;
    private final int maxConcurrentVideos;
    private final ExecutorService batchExecutor;
    private final ExecutorService classifyExecutor;
    private final ExecutorService locateExecutor;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private DeepfakeDetector(VideoPipeline pipeline, List<AutoCloseable> owned, int maxConcurrentVideos,
            ExecutorService classifyExecutor, ExecutorService locateExecutor) {
        this.locateExecutor = locateExecutor;
        this.pipeline = pipeline;
        this.owned = owned;
        this.maxConcurrentVideos = maxConcurrentVideos;
        this.batchExecutor = Executors.newFixedThreadPool(maxConcurrentVideos, daemonThreads("deepfake4j-video-"));
        this.classifyExecutor = classifyExecutor;
    }

    /** @return a builder preset to the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param video the video file
     * @return the probability that the video is fake, in [ε, 1 − ε]
     * @throws DeepfakeException with the {@link ErrorCode} of what failed, naming the file
     * @throws IllegalStateException when the detector is closed
     */
    public double score(Path video) throws DeepfakeException {
        return analyze(video).pFake();
    }

    /**
     * @param video the video file
     * @return the probability of fake with its evidence and timings
     * @throws DeepfakeException with the {@link ErrorCode} of what failed, naming the file
     * @throws IllegalStateException when the detector is closed
     */
    public VideoReport analyze(Path video) throws DeepfakeException {
        Objects.requireNonNull(video, "video");
        lifecycle.readLock().lock();
        try {
            checkState(!closed, "this DeepfakeDetector is closed");
            return pipeline.analyze(video);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Scores many videos, at most {@link Builder#maxConcurrentVideos} at a time, and hands each outcome to
     * {@code onResult} on the calling thread as soon as it is ready (completion order). A video that fails does
     * not stop the others.
     *
     * @param videos the video files
     * @param onResult called once per video, on this thread
     * @throws DeepfakeException {@link ErrorCode#CANCELLED} when this thread is interrupted; videos not yet done
     *         are cancelled
     */
    public void analyzeAll(Collection<Path> videos, Consumer<VideoOutcome> onResult) throws DeepfakeException {
        checkState(!closed, "this DeepfakeDetector is closed");
        // Each task puts itself on this queue when it ends in any way, cancelled included: a task that close()
        // drops before it ran still comes back (as CANCELLED), so this loop can never wait for it forever.
        BlockingQueue<VideoTask> finished = new LinkedBlockingQueue<>();
        List<VideoTask> tasks = new ArrayList<>(videos.size());
        for (Path video : videos) {
            Objects.requireNonNull(video, "videos contains null");
            VideoTask task = new VideoTask(video, finished);
            tasks.add(task);
            try {
                batchExecutor.execute(task);
            } catch (RejectedExecutionException closing) {
                task.cancel(false);
            }
        }
        try {
            for (int i = 0; i < tasks.size(); i++) {
                onResult.accept(finished.take().outcome());
            }
        } catch (InterruptedException e) {
            tasks.forEach(f -> f.cancel(true));
            throw DeepfakeException.cancelled("scoring a batch of " + videos.size() + " videos");
        } catch (ExecutionException e) {
            tasks.forEach(f -> f.cancel(true));
            throw new IllegalStateException("unexpected failure in a scoring thread", e.getCause());
        }
    }

    /** One video of a batch; announces itself on {@code finished} when it completes, fails or is cancelled. */
    private final class VideoTask extends FutureTask<VideoOutcome> {
        private final Path video;
        private final BlockingQueue<VideoTask> finished;

        VideoTask(Path video, BlockingQueue<VideoTask> finished) {
            super(() -> outcomeOf(video));
            this.video = video;
            this.finished = finished;
        }

        @Override
        protected void done() {
            finished.add(this);
        }

        VideoOutcome outcome() throws ExecutionException, InterruptedException {
            try {
                return get();
            } catch (CancellationException e) {
                return VideoOutcome.failure(video, new DeepfakeException(ErrorCode.CANCELLED, "Not scored: the "
                        + "batch was cancelled (detector closed or caller interrupted) before " + video + " was done",
                        video, e));
            }
        }
    }

    /**
     * Scores many videos, at most {@link Builder#maxConcurrentVideos} at a time.
     *
     * @param videos the video files
     * @return one outcome per video, in the order given
     * @throws DeepfakeException {@link ErrorCode#CANCELLED} when this thread is interrupted
     */
    public List<VideoOutcome> analyzeAll(List<Path> videos) throws DeepfakeException {
        List<VideoOutcome> byCompletion = new ArrayList<>(videos.size());
        analyzeAll(videos, byCompletion::add);
        List<VideoOutcome> ordered = new ArrayList<>(videos.size());
        List<VideoOutcome> pool = new ArrayList<>(byCompletion);
        for (Path video : videos) {
            for (int i = 0; i < pool.size(); i++) {
                if (pool.get(i).path().equals(video)) {
                    ordered.add(pool.remove(i));
                    break;
                }
            }
        }
        return ordered;
    }

    private VideoOutcome outcomeOf(Path video) {
        try {
            return VideoOutcome.success(analyze(video));
        } catch (DeepfakeException e) {
            return VideoOutcome.failure(video, e);
        } catch (IllegalStateException e) {
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

    /** @return names of the face locator and classifiers in use, for logs and reports */
    public String describe() {
        return pipeline.describe();
    }

    /**
     * Waits for calls in flight, then frees the components this detector created. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        // Queued batch videos are cancelled (their batches report them as CANCELLED); running ones are interrupted.
        for (Runnable queued : batchExecutor.shutdownNow()) {
            if (queued instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            classifyExecutor.shutdownNow();
            locateExecutor.shutdownNow();
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

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Configures a {@link DeepfakeDetector}. Each setter checks its argument at once and names a bad value; setting
     * an option twice is an error that names the earlier value. Defaults are documented on each setter and apply
     * to what is not set. {@link #build()} leaves the builder usable. Not thread-safe.
     */
    public static final class Builder {
        private VideoDecoder decoder;
        private DecodeOptions decodeOptions;
        private FrameSampler sampler;
        private FaceLocator faceLocator;
        private FaceCropper cropper;
        private CropPolicy cropPolicy;
        private List<Classifier> classifiers;
        private FaceTracker tracker;
        private Aggregation faceAggregation;
        private Aggregation trackAggregation;
        private Double threshold;
        private Double clipEpsilon;
        private Double noFacePrior;
        private Integer maxConcurrentVideos;
        private Integer classifierThreads;
        private Integer thumbnailSize;
        private EnsembleMode ensembleMode;
        private Components components;
        private Duration videoTimeout;

        private Builder() {
        }

        private static void requireUnset(Object current, String option) {
            checkState(current == null, "%s was already set to %s", option, current);
        }

        /**
         * @param sampler which frames to analyse; default {@code FrameSampler.uniform(32)} (32 frames, as the DFDC
         *        1st place sampled)
         * @return this
         */
        public Builder sampler(FrameSampler sampler) {
            requireUnset(this.sampler, "sampler");
            this.sampler = Objects.requireNonNull(sampler, "sampler");
            return this;
        }

        /**
         * @param locator finds faces; default the best-ranked provider's (YuNet from {@code deepfake-video}); the
         *        caller keeps ownership
         * @return this
         */
        public Builder faceLocator(FaceLocator locator) {
            requireUnset(this.faceLocator, "faceLocator");
            this.faceLocator = Objects.requireNonNull(locator, "faceLocator");
            return this;
        }

        /**
         * @param classifier scores face crops; default the best-ranked provider's (MesoNet-4 DF from
         *        {@code deepfake-models}); the caller keeps ownership
         * @return this
         */
        public Builder classifier(Classifier classifier) {
            return classifiers(List.of(Objects.requireNonNull(classifier, "classifier")));
        }

        /**
         * An ensemble: each face is scored by every classifier (each fed a crop at its own input size) and the
         * scores are averaged.
         *
         * @param classifiers one or more classifiers; the caller keeps ownership
         * @return this
         */
        public Builder classifiers(List<Classifier> classifiers) {
            requireUnset(this.classifiers, "classifiers");
            checkArgument(!classifiers.isEmpty(), "at least one classifier is needed");
            classifiers.forEach(c -> Objects.requireNonNull(c, "classifiers contains null"));
            this.classifiers = List.copyOf(classifiers);
            return this;
        }

        /**
         * @param decoder the video backend; default the best-ranked provider's (FFmpeg from {@code deepfake-video})
         * @return this
         */
        public Builder decoder(VideoDecoder decoder) {
            requireUnset(this.decoder, "decoder");
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            return this;
        }

        /**
         * @param options decoder threads, limits and fast seek; default {@link DecodeOptions#defaults()}
         * @return this
         */
        public Builder decodeOptions(DecodeOptions options) {
            requireUnset(this.decodeOptions, "decodeOptions");
            this.decodeOptions = Objects.requireNonNull(options, "decodeOptions");
            return this;
        }

        /**
         * @param cropper cuts faces out of frames; default the best-ranked provider's (OpenCV)
         * @return this
         */
        public Builder cropper(FaceCropper cropper) {
            requireUnset(this.cropper, "cropper");
            this.cropper = Objects.requireNonNull(cropper, "cropper");
            return this;
        }

        /**
         * @param policy the region cut around each face; default {@link CropPolicy#DEFAULT} (square, 1.3× the box,
         *        as the DFDC seed solution). A classifier whose {@link dev.deepfake4j.classify.InputSpec#cropPolicy()}
         *        names its own region gets that one instead.
         * @return this
         */
        public Builder cropPolicy(CropPolicy policy) {
            requireUnset(this.cropPolicy, "cropPolicy");
            this.cropPolicy = Objects.requireNonNull(policy, "cropPolicy");
            return this;
        }

        /**
         * @param tracker links faces across frames and drops minor ones; default {@link FaceTracker#defaults()}
         * @return this
         */
        public Builder tracker(FaceTracker tracker) {
            requireUnset(this.tracker, "tracker");
            this.tracker = Objects.requireNonNull(tracker, "tracker");
            return this;
        }

        /**
         * @param aggregation combines the face scores of one track; default
         *        {@link Aggregation#confidentStrategy()} (the DFDC 1st place's rule)
         * @return this
         */
        public Builder aggregation(Aggregation aggregation) {
            requireUnset(this.faceAggregation, "aggregation");
            this.faceAggregation = Objects.requireNonNull(aggregation, "aggregation");
            return this;
        }

        /**
         * @param aggregation combines the track scores of one video; default {@link Aggregation#max()} (a video
         *        is fake when any person in it is)
         * @return this
         */
        public Builder trackAggregation(Aggregation aggregation) {
            requireUnset(this.trackAggregation, "trackAggregation");
            this.trackAggregation = Objects.requireNonNull(aggregation, "trackAggregation");
            return this;
        }

        /**
         * @param mode how an ensemble's classifiers are combined; default {@link EnsembleMode#FACE_MEAN}
         *        (irrelevant with one classifier)
         * @return this
         */
        public Builder ensembleMode(EnsembleMode mode) {
            requireUnset(this.ensembleMode, "ensembleMode");
            this.ensembleMode = Objects.requireNonNull(mode, "ensembleMode");
            return this;
        }

        /**
         * @param threshold probability above which a video is labelled FAKE, in (0, 1); default 0.5
         * @return this
         */
        public Builder threshold(double threshold) {
            requireUnset(this.threshold, "threshold");
            checkArgument(threshold > 0 && threshold < 1, "threshold must be in (0, 1): %s", threshold);
            this.threshold = threshold;
            return this;
        }

        /**
         * @param epsilon video scores are clipped to [ε, 1 − ε] so that one confident mistake cannot cost an
         *        unbounded log loss; in [0, 0.5); default 0.01 (the DFDC seed solution's choice)
         * @return this
         */
        public Builder clipEpsilon(double epsilon) {
            requireUnset(this.clipEpsilon, "clipEpsilon");
            checkArgument(epsilon >= 0 && epsilon < 0.5, "clip epsilon must be in [0, 0.5): %s", epsilon);
            this.clipEpsilon = epsilon;
            return this;
        }

        /**
         * @param prior probability of fake reported when no face is found in any sampled frame, in [0, 1];
         *        default 0.5 (no evidence either way; the log-loss-safe answer)
         * @return this
         */
        public Builder noFacePrior(double prior) {
            requireUnset(this.noFacePrior, "noFacePrior");
            checkArgument(prior >= 0 && prior <= 1, "no-face prior must be a probability in [0, 1]: %s", prior);
            this.noFacePrior = prior;
            return this;
        }

        /**
         * @param n the most videos {@code analyzeAll} decodes at once, 1..256; default the number of available
         *        cores (each video keeps one core busy most of the time). It also sizes the pool that locates and
         *        crops faces beside the decoders: callers that run more {@code analyze} calls at once than this
         *        share those threads (correct, but the location stage then runs at most {@code n} frames at a time)
         * @return this
         */
        public Builder maxConcurrentVideos(int n) {
            requireUnset(this.maxConcurrentVideos, "maxConcurrentVideos");
            checkArgument(n >= 1 && n <= 256, "maxConcurrentVideos must be in 1..256: %s", n);
            this.maxConcurrentVideos = n;
            return this;
        }

        /**
         * Keeps a small copy of every sampled frame in the report (for HTML reports and previews). Costs about
         * {@code longSide² × 3 / 2} bytes per frame (≈ 60 kB at 200 px).
         *
         * @param longSide the thumbnails' longer side in pixels, 16..1024; default: no thumbnails
         * @return this
         */
        public Builder thumbnails(int longSide) {
            requireUnset(this.thumbnailSize, "thumbnails");
            checkArgument(longSide >= 16 && longSide <= 1024, "thumbnail size must be in 16..1024 pixels: %s", longSide);
            this.thumbnailSize = longSide;
            return this;
        }

        /**
         * @param n threads that run classifier batches while decoding and face location go on, 1..64; default 1
         *        (the classifier itself uses several cores per batch; one thread is enough to overlap the stages)
         * @return this
         */
        public Builder classifierThreads(int n) {
            requireUnset(this.classifierThreads, "classifierThreads");
            checkArgument(n >= 1 && n <= 64, "classifierThreads must be in 1..64: %s", n);
            this.classifierThreads = n;
            return this;
        }

        /**
         * A limit on the time one video may take from open to report (decoding, face location, cropping and
         * waiting for the classifier). Decoding is cut at the limit by the decoder ({@link DecodeOptions#timeout()}
         * is lowered to it when unset or longer); the whole video is checked at every frame and while waiting for
         * classifier batches. A video over the limit fails with {@link ErrorCode#CANCELLED}; in a batch, the other
         * videos go on.
         *
         * @param timeout positive; default none
         * @return this
         */
        public Builder videoTimeout(Duration timeout) {
            requireUnset(this.videoTimeout, "videoTimeout");
            Objects.requireNonNull(timeout, "videoTimeout");
            checkArgument(!timeout.isNegative() && !timeout.isZero(), "videoTimeout must be positive: %s", timeout);
            this.videoTimeout = timeout;
            return this;
        }

        /**
         * @param components where defaults come from; default {@link Components#discover()} (the classpath)
         * @return this
         */
        public Builder components(Components components) {
            requireUnset(this.components, "components");
            this.components = Objects.requireNonNull(components, "components");
            return this;
        }

        /**
         * Creates the detector, loading default components for what was not set.
         *
         * @return a new detector; the builder stays usable
         * @throws DeepfakeException {@link ErrorCode#MISSING_COMPONENT} naming the module to add when a default is
         *         needed but none is on the classpath; {@code MODEL_NOT_FOUND}/{@code MODEL_INVALID} when a default
         *         model cannot be loaded
         */
        public DeepfakeDetector build() throws DeepfakeException {
            Components lookup = components != null ? components : Components.discover();
            List<AutoCloseable> created = new ArrayList<>();
            try {
                VideoDecoder dec = decoder != null ? decoder : lookup.videoDecoder();
                FaceCropper crop = cropper != null ? cropper : lookup.faceCropper();
                FaceLocator loc = faceLocator;
                if (loc == null) {
                    loc = lookup.createFaceLocator();
                    created.add(loc);
                }
                List<Classifier> cls = classifiers;
                if (cls == null) {
                    Classifier c = lookup.createClassifier();
                    created.add(c);
                    cls = List.of(c);
                }
                int concurrency = maxConcurrentVideos != null ? maxConcurrentVideos
                        : Math.max(1, Runtime.getRuntime().availableProcessors());
                ExecutorService classifyPool = Executors.newFixedThreadPool(
                        classifierThreads != null ? classifierThreads : 1, daemonThreads("deepfake4j-classify-"));
                // one locate thread per video in flight: each video's frames are located in order on it while its
                // decoder goes on with the next frame
                ExecutorService locatePool = Executors.newFixedThreadPool(concurrency,
                        daemonThreads("deepfake4j-locate-"));
                DecodeOptions decoding = decodeOptions != null ? decodeOptions : DecodeOptions.defaults();
                if (videoTimeout != null && (decoding.timeout().isZero()
                        || decoding.timeout().compareTo(videoTimeout) > 0)) {
                    decoding = withTimeout(decoding, videoTimeout);
                }
                VideoPipeline pipeline = new VideoPipeline(dec, decoding,
                        sampler != null ? sampler : FrameSampler.uniform(32), loc, crop,
                        cropPolicy != null ? cropPolicy : CropPolicy.DEFAULT, cls,
                        tracker != null ? tracker : FaceTracker.defaults(),
                        faceAggregation != null ? faceAggregation : Aggregation.confidentStrategy(),
                        trackAggregation != null ? trackAggregation : Aggregation.max(),
                        threshold != null ? threshold : 0.5, clipEpsilon != null ? clipEpsilon : 0.01,
                        noFacePrior != null ? noFacePrior : 0.5,
                        thumbnailSize != null ? thumbnailSize : 0,
                        ensembleMode != null ? ensembleMode : EnsembleMode.FACE_MEAN, classifyPool, locatePool,
                        videoTimeout != null ? videoTimeout : Duration.ZERO);
                DeepfakeDetector detector = new DeepfakeDetector(pipeline, List.copyOf(created), concurrency,
                        classifyPool, locatePool);
                LOG.debug("Built detector: {}", pipeline.describe());
                return detector;
            } catch (DeepfakeException | RuntimeException e) {
                for (AutoCloseable c : created) {
                    try {
                        c.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }

        private static DecodeOptions withTimeout(DecodeOptions o, Duration timeout) {
            return DecodeOptions.builder().threads(o.threads()).pixelFormat(o.pixelFormat())
                    .maxDimensions(o.maxWidth(), o.maxHeight()).scaleLongSide(o.scaleLongSide())
                    .fastSeek(o.fastSeek()).timeout(timeout).build();
        }
    }
}
