package dev.deepfake4j;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.aggregate.EnsembleMode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.FaceTrack;
import dev.deepfake4j.face.FaceTracker;
import dev.deepfake4j.face.TrackedFace;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoDecoder;
import dev.deepfake4j.spi.VideoSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The stages of one video: decode the planned frames; in each frame locate faces, keep the prominent ones and crop
 * them (once per distinct classifier input); as soon as a classifier's batch is full it is handed to the classify
 * executor, so the classifier works on one batch while the decoder and locator prepare the next. When decoding
 * ends the last partial batches go too; then faces are linked into tracks and scores aggregated per track and per
 * video. Immutable; each call keeps its state on its own stack, so one pipeline serves many threads.
 */
final class VideoPipeline {
    private final VideoDecoder decoder;
    private final DecodeOptions decodeOptions;
    private final FrameSampler sampler;
    private final FaceLocator locator;
    private final FaceCropper cropper;
    private final CropPolicy cropPolicy;
    private final List<Classifier> classifiers;
    /** Distinct crop specs; {@code cropGroupOf[i]} is the group whose crops classifier i reads. */
    private final List<InputSpec> cropSpecs = new ArrayList<>();
    private final int[] cropGroupOf;
    private final FaceTracker tracker;
    private final Aggregation faceAggregation;
    private final Aggregation trackAggregation;
    private final EnsembleMode ensembleMode;
    private final double threshold;
    private final double clipEpsilon;
    private final double noFacePrior;
    /** Runs classifier batches so that decoding and locating go on meanwhile; owned by the detector. */
    private final ExecutorService classifyExecutor;
    /**
     * Runs face location and cropping so that the decoder never waits for them; owned by the detector. The frames of
     * one video are chained, so they are located one after another and in order.
     */
    private final Executor locateExecutor;
    /** Frames copied for the locate stage and not yet located, per video: bounds the memory a video holds. */
    private static final int FRAMES_AHEAD = 2;
    /** Longer side of kept thumbnails in pixels; 0 keeps none. */
    private final int thumbnailSize;
    /** The most one video may take from open to report; zero for no limit. */
    private final Duration videoTimeout;

    VideoPipeline(VideoDecoder decoder, DecodeOptions decodeOptions, FrameSampler sampler, FaceLocator locator,
            FaceCropper cropper, CropPolicy cropPolicy, List<Classifier> classifiers, FaceTracker tracker,
            Aggregation faceAggregation, Aggregation trackAggregation, double threshold, double clipEpsilon,
            double noFacePrior, int thumbnailSize, EnsembleMode ensembleMode, ExecutorService classifyExecutor,
            Executor locateExecutor,
            Duration videoTimeout) {
        this.videoTimeout = videoTimeout;
        this.ensembleMode = ensembleMode;
        this.locateExecutor = locateExecutor;
        this.classifyExecutor = classifyExecutor;
        this.thumbnailSize = thumbnailSize;
        this.decoder = decoder;
        this.decodeOptions = decodeOptions;
        this.sampler = sampler;
        this.locator = locator;
        this.cropper = cropper;
        this.cropPolicy = cropPolicy;
        this.classifiers = List.copyOf(classifiers);
        this.cropGroupOf = new int[classifiers.size()];
        for (int i = 0; i < classifiers.size(); i++) {
            InputSpec spec = classifiers.get(i).inputSpec();
            int group = -1;
            for (int g = 0; g < cropSpecs.size(); g++) {
                if (cropSpecs.get(g).sameCrop(spec)) {
                    group = g;
                }
            }
            if (group < 0) {
                cropSpecs.add(spec);
                group = cropSpecs.size() - 1;
            }
            cropGroupOf[i] = group;
        }
        this.tracker = tracker;
        this.faceAggregation = faceAggregation;
        this.trackAggregation = trackAggregation;
        this.threshold = threshold;
        this.clipEpsilon = clipEpsilon;
        this.noFacePrior = noFacePrior;
    }

    FrameSampler sampler() {
        return sampler;
    }

    String describe() {
        return "sampler=" + sampler + ", locator=" + locator.name() + ", classifiers="
                + classifiers.stream().map(Classifier::name).collect(Collectors.joining("+"))
                + ", aggregation=" + faceAggregation + "/" + trackAggregation + ", decoder=" + decoder.name();
    }

    /** Per-frame state gathered while decoding. */
    private static final class SampledFrame {
        final int index;
        final double pts;
        final List<FaceBox> faces;
        /** crops[group][face]. */
        final List<List<FaceCrop>> crops;
        final Frame thumbnail;

        SampledFrame(int index, double pts, List<FaceBox> faces, List<List<FaceCrop>> crops, Frame thumbnail) {
            this.index = index;
            this.pts = pts;
            this.faces = faces;
            this.crops = crops;
            this.thumbnail = thumbnail;
        }
    }

    /** Crops waiting for one classifier, with where each came from. */
    private final class Batcher {
        final int classifier;
        final int batchSize;
        List<FaceCrop> crops = new ArrayList<>();
        List<int[]> where = new ArrayList<>();

        Batcher(int classifier) {
            this.classifier = classifier;
            this.batchSize = Math.max(1, classifiers.get(classifier).maxBatchSize());
        }
    }

    /** One submitted batch: its scores, and where they go. */
    private record BatchResult(int classifier, float[] scores, List<int[]> where) {
    }

    VideoReport analyze(Path path) throws DeepfakeException {
        long start = System.nanoTime();
        long deadline = videoTimeout.isZero() ? 0 : start + videoTimeout.toNanos();
        AtomicLong locateNanos = new AtomicLong();
        AtomicLong cropNanos = new AtomicLong();
        AtomicLong classifyNanos = new AtomicLong();
        // Touched only by the locate chain of this video (one task at a time, in order), then by this thread once
        // the chain is done: each completed stage happens-before the next and before join().
        List<SampledFrame> sampled = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Batcher> batchers = new ArrayList<>();
        for (int c = 0; c < classifiers.size(); c++) {
            batchers.add(new Batcher(c));
        }
        List<Future<BatchResult>> inFlight = new ArrayList<>();
        Semaphore ahead = new Semaphore(FRAMES_AHEAD);
        CompletableFuture<?>[] chain = {CompletableFuture.completedFuture(null)};
        VideoInfo info;
        long decodeStart;
        long decodeEnd;
        long decodeWaitNanos;
        try {
            try (VideoSource source = decoder.open(path, decodeOptions)) {
                info = source.info();
                SamplePlan plan = sampler.plan(info);
                long[] waited = {0};
                decodeStart = System.nanoTime();
                int delivered = source.decode(plan, frame -> {
                    if (Thread.currentThread().isInterrupted()) {
                        throw DeepfakeException.cancelled("analysing " + path);
                    }
                    checkDeadline(path, deadline);
                    rethrowIfFailed(chain[0]);
                    long w0 = System.nanoTime();
                    try {
                        // a failed chain skips its later stages, whose permits then never come back: look again
                        while (!ahead.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                            rethrowIfFailed(chain[0]);
                            checkDeadline(path, deadline);
                        }
                    } catch (InterruptedException e) {
                        throw DeepfakeException.cancelled("analysing " + path);
                    }
                    waited[0] += System.nanoTime() - w0;
                    // the decoder reuses its buffer after this call returns: the locate stage gets its own copy
                    Frame owned = frame.copy();
                    chain[0] = chain[0].thenRunAsync(() -> {
                        try {
                            locateAndCrop(path, owned, deadline, sampled, batchers, inFlight, locateNanos, cropNanos,
                                    classifyNanos);
                        } catch (DeepfakeException e) {
                            throw new CompletionException(e);
                        } finally {
                            ahead.release();
                        }
                    }, locateExecutor);
                });
                decodeEnd = System.nanoTime();
                decodeWaitNanos = waited[0];
                awaitChain(path, chain[0], deadline);
                warnings.addAll(source.warnings());
                for (Classifier c : classifiers) {
                    warnings.addAll(c.warnings());
                }
                if (delivered == 0) {
                    throw new DeepfakeException(ErrorCode.DECODE_FAILED, "No frame could be decoded from " + path
                            + " (" + info + "); the file may be damaged or hold no video frames", path, null);
                }
            }
            for (Batcher b : batchers) {
                if (!b.crops.isEmpty()) {
                    inFlight.add(submit(path, b, classifyNanos));
                }
            }
        } catch (DeepfakeException | RuntimeException e) {
            settle(chain[0]);
            synchronized (inFlight) {
                inFlight.forEach(f -> f.cancel(true));
            }
            throw e;
        }
        double[][][] perClassifier = collect(path, sampled, inFlight, deadline);
        double[][] faceScores = meanOverClassifiers(perClassifier);

        int[][] trackOf = tracker.track(sampled.stream().map(f -> f.faces).collect(Collectors.toList()));
        List<List<TrackedFace>> byTrack = new ArrayList<>();
        List<List<int[]>> positions = new ArrayList<>(); // (frame, face) of each tracked face, per track
        List<FrameResult> frames = new ArrayList<>(sampled.size());
        for (int f = 0; f < sampled.size(); f++) {
            SampledFrame sf = sampled.get(f);
            List<TrackedFace> kept = new ArrayList<>();
            for (int i = 0; i < sf.faces.size(); i++) {
                int track = trackOf[f][i];
                if (track < 0) {
                    continue;
                }
                TrackedFace tf = new TrackedFace(sf.index, sf.pts, sf.faces.get(i), track, faceScores[f][i]);
                kept.add(tf);
                while (byTrack.size() <= track) {
                    byTrack.add(new ArrayList<>());
                    positions.add(new ArrayList<>());
                }
                byTrack.get(track).add(tf);
                positions.get(track).add(new int[] {f, i});
            }
            frames.add(new FrameResult(sf.index, sf.pts, kept, sf.thumbnail));
        }
        List<FaceTrack> tracks = new ArrayList<>(byTrack.size());
        double[] trackScores = new double[byTrack.size()];
        for (int t = 0; t < byTrack.size(); t++) {
            if (ensembleMode == EnsembleMode.MODEL_MEAN && classifiers.size() > 1) {
                double sum = 0;
                for (double[][] scoresOfOne : perClassifier) {
                    sum += faceAggregation.aggregate(positions.get(t).stream()
                            .mapToDouble(p -> scoresOfOne[p[0]][p[1]]).toArray());
                }
                trackScores[t] = sum / classifiers.size();
            } else {
                double[] scores = byTrack.get(t).stream().mapToDouble(TrackedFace::pFake).toArray();
                trackScores[t] = faceAggregation.aggregate(scores);
            }
            tracks.add(new FaceTrack(t, byTrack.get(t), trackScores[t]));
        }
        double pFake;
        if (tracks.isEmpty()) {
            pFake = noFacePrior;
            warnings.add("No face found in " + sampled.size() + " sampled frames; reporting the prior " + noFacePrior);
        } else {
            pFake = trackAggregation.aggregate(trackScores);
        }
        pFake = Math.max(clipEpsilon, Math.min(1 - clipEpsilon, pFake));
        long end = System.nanoTime();
        long decodeNanos = Math.max(0, decodeEnd - decodeStart - decodeWaitNanos);
        StageTimings timings = new StageTimings(Duration.ofNanos(decodeNanos), Duration.ofNanos(locateNanos.get()),
                Duration.ofNanos(cropNanos.get()), Duration.ofNanos(classifyNanos.get()), Duration.ofNanos(end - start));
        return new VideoReport(path, pFake, Label.of(pFake, threshold), threshold, info, frames, tracks, timings,
                warnings);
    }

    /** Stage 2, on the locate executor: faces of one frame, their crops, and full classifier batches sent off. */
    private void locateAndCrop(Path path, Frame frame, long deadline, List<SampledFrame> sampled,
            List<Batcher> batchers, List<Future<BatchResult>> inFlight, AtomicLong locateNanos, AtomicLong cropNanos,
            AtomicLong classifyNanos) throws DeepfakeException {
        checkDeadline(path, deadline);
        long t0 = System.nanoTime();
        List<FaceBox> faces = tracker.keepProminent(locator.locate(frame));
        long t1 = System.nanoTime();
        List<List<FaceCrop>> crops = new ArrayList<>(cropSpecs.size());
        for (InputSpec spec : cropSpecs) {
            List<FaceCrop> groupCrops = new ArrayList<>(faces.size());
            for (FaceBox face : faces) {
                groupCrops.add(cropper.crop(frame, face, spec.cropPolicy().orElse(cropPolicy), spec));
            }
            crops.add(groupCrops);
        }
        locateNanos.addAndGet(t1 - t0);
        cropNanos.addAndGet(System.nanoTime() - t1);
        int ordinal = sampled.size();
        sampled.add(new SampledFrame(frame.index(), frame.ptsSeconds(), faces, crops,
                thumbnailSize > 0 ? frame.thumbnail(thumbnailSize) : null));
        for (Batcher b : batchers) {
            List<FaceCrop> mine = crops.get(cropGroupOf[b.classifier]);
            for (int i = 0; i < mine.size(); i++) {
                b.crops.add(mine.get(i));
                b.where.add(new int[] {ordinal, i});
                if (b.crops.size() == b.batchSize) {
                    Future<BatchResult> f = submit(path, b, classifyNanos);
                    synchronized (inFlight) {
                        inFlight.add(f);
                    }
                }
            }
        }
    }

    /** Rethrows the failure of the locate chain, if it failed, on the decoding thread (which then stops). */
    private static void rethrowIfFailed(CompletableFuture<?> chain) throws DeepfakeException {
        if (chain.isCompletedExceptionally()) {
            try {
                chain.join();
            } catch (CompletionException e) {
                throw unwrap(e.getCause());
            }
        }
    }

    /** Waits for the locate chain to finish, within the video's deadline; rethrows its failure. */
    private void awaitChain(Path path, CompletableFuture<?> chain, long deadline) throws DeepfakeException {
        try {
            if (deadline == 0) {
                chain.get();
            } else {
                chain.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            settle(chain);
            throw DeepfakeException.cancelled("locating faces of " + path);
        } catch (TimeoutException e) {
            settle(chain);
            throw timedOut(path);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static DeepfakeException unwrap(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof DeepfakeException de) {
            return de;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Face location failed: " + cause, cause);
    }

    /**
     * Lets the frame being located finish before the caller gives up the video's state: a located frame takes
     * milliseconds, so this waits at most a few seconds, and keeps the caller's interrupt flag.
     */
    private static void settle(CompletableFuture<?> chain) {
        boolean interrupted = Thread.interrupted();
        try {
            chain.get(10, TimeUnit.SECONDS);
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

    /** @param deadline {@code System.nanoTime()} at which the video's time is up; 0 for no limit */
    private void checkDeadline(Path path, long deadline) throws DeepfakeException {
        if (deadline != 0 && System.nanoTime() - deadline > 0) {
            throw timedOut(path);
        }
    }

    private DeepfakeException timedOut(Path path) {
        return new DeepfakeException(ErrorCode.CANCELLED, "Timed out: " + path + " took longer than the video time "
                + "limit of " + videoTimeout.toMillis() + " ms (DeepfakeDetector.Builder.videoTimeout)", path, null);
    }

    private Future<BatchResult> submit(Path path, Batcher b, AtomicLong classifyNanos) {
        List<FaceCrop> crops = b.crops;
        List<int[]> where = b.where;
        b.crops = new ArrayList<>(b.batchSize);
        b.where = new ArrayList<>(b.batchSize);
        Classifier classifier = classifiers.get(b.classifier);
        return classifyExecutor.submit(() -> {
            long t0 = System.nanoTime();
            float[] p = classifier.classify(crops);
            classifyNanos.addAndGet(System.nanoTime() - t0);
            if (p.length != crops.size()) {
                throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Classifier " + classifier.name() + " returned "
                        + p.length + " scores for " + crops.size() + " crops of " + path, path, null);
            }
            return new BatchResult(b.classifier, p, where);
        });
    }

    /** @return scores[classifier][frame][face]: each classifier's P(fake) of each face */
    private double[][][] collect(Path path, List<SampledFrame> sampled, List<Future<BatchResult>> inFlight,
            long deadline) throws DeepfakeException {
        double[][][] scores = new double[classifiers.size()][sampled.size()][];
        for (double[][] ofOne : scores) {
            for (int f = 0; f < sampled.size(); f++) {
                ofOne[f] = new double[sampled.get(f).faces.size()];
            }
        }
        for (int k = 0; k < inFlight.size(); k++) {
            BatchResult r;
            try {
                r = deadline == 0 ? inFlight.get(k).get()
                        : inFlight.get(k).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                inFlight.forEach(f -> f.cancel(true));
                throw timedOut(path);
            } catch (InterruptedException e) {
                inFlight.forEach(f -> f.cancel(true));
                throw DeepfakeException.cancelled("classifying faces of " + path);
            } catch (CancellationException e) {
                throw new DeepfakeException(ErrorCode.CANCELLED, "Classification of " + path + " was cancelled", path, e);
            } catch (ExecutionException e) {
                inFlight.forEach(f -> f.cancel(true));
                if (e.getCause() instanceof DeepfakeException de) {
                    throw de;
                }
                throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Classifier failed on faces of " + path + ": "
                        + e.getCause(), path, e.getCause());
            }
            for (int i = 0; i < r.scores().length; i++) {
                int[] w = r.where().get(i);
                scores[r.classifier()][w[0]][w[1]] = r.scores()[i];
            }
        }
        return scores;
    }

    /** @return mean[frame][face] over classifiers */
    private static double[][] meanOverClassifiers(double[][][] perClassifier) {
        double[][] mean = new double[perClassifier[0].length][];
        for (int f = 0; f < mean.length; f++) {
            mean[f] = new double[perClassifier[0][f].length];
            for (double[][] ofOne : perClassifier) {
                for (int i = 0; i < mean[f].length; i++) {
                    mean[f][i] += ofOne[f][i] / perClassifier.length;
                }
            }
        }
        return mean;
    }
}
