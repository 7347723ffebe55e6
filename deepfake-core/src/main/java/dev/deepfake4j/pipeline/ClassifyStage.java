package dev.deepfake4j.pipeline;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoProgress;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.face.FaceCrop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Classifies the crops of one video in batches: crops queue per classifier, and a full batch goes to the classify
 * executor at once, so the classifier works while the decoder and locator prepare the next batch. A batch holds
 * the only references to its crops, which are released as soon as it is scored.
 *
 * <p>{@link #offer} and {@link #flush} are called by one thread at a time (the video's locate chain, then the
 * caller); {@link #collect} and {@link #cancel} by the caller.
 */
final class ClassifyStage {
    private final Path video;
    private final List<Classifier> classifiers;
    private final CropGroups groups;
    private final ExecutorService executor;
    private final StageClock clock;
    private final VideoProgress progress;
    private final List<Pending> pending = new ArrayList<>();
    /** Guarded by itself: the locate thread adds while the caller may cancel. */
    private final List<Future<BatchResult>> inFlight = new ArrayList<>();

    /** Crops waiting for one classifier, with the (frame, face) each belongs to. */
    private static final class Pending {
        final int classifier;
        final int batchSize;
        List<FaceCrop> crops = new ArrayList<>();
        List<int[]> where = new ArrayList<>();

        Pending(int classifier, int batchSize) {
            this.classifier = classifier;
            this.batchSize = batchSize;
        }
    }

    /** One scored batch: its scores and the (frame, face) of each. */
    private record BatchResult(int classifier, float[] scores, List<int[]> where) {
    }

    ClassifyStage(Path video, List<Classifier> classifiers, CropGroups groups, ExecutorService executor,
            StageClock clock) {
        this(video, classifiers, groups, executor, clock, VideoProgress.NONE);
    }

    ClassifyStage(Path video, List<Classifier> classifiers, CropGroups groups, ExecutorService executor,
            StageClock clock, VideoProgress progress) {
        this.progress = progress;
        this.video = video;
        this.classifiers = classifiers;
        this.groups = groups;
        this.executor = executor;
        this.clock = clock;
        for (int c = 0; c < classifiers.size(); c++) {
            pending.add(new Pending(c, Math.max(1, classifiers.get(c).maxBatchSize())));
        }
    }

    /**
     * @param frame the frame's ordinal among the sampled frames
     * @param cropsByGroup the frame's crops, {@code [group][face]}
     */
    void offer(int frame, List<List<FaceCrop>> cropsByGroup) {
        for (Pending p : pending) {
            List<FaceCrop> mine = cropsByGroup.get(groups.groupOf(p.classifier));
            for (int face = 0; face < mine.size(); face++) {
                p.crops.add(mine.get(face));
                p.where.add(new int[] {frame, face});
                if (p.crops.size() == p.batchSize) {
                    submit(p);
                }
            }
        }
    }

    /** Sends the last partial batches. */
    void flush() {
        for (Pending p : pending) {
            if (!p.crops.isEmpty()) {
                submit(p);
            }
        }
    }

    /** Cancels every batch not yet scored (interrupting running ones). */
    void cancel() {
        synchronized (inFlight) {
            inFlight.forEach(f -> f.cancel(true));
        }
    }

    /**
     * Waits for every batch within the deadline.
     *
     * @param frames the sampled frames, which number the faces
     * @return the scores of every selected face
     * @throws DeepfakeException {@code CANCELLED} on interrupt or timeout, {@code BACKEND_FAILURE} when a classifier
     *         failed or returned the wrong number of scores
     */
    FaceScores collect(List<SampledFrame> frames, VideoDeadline deadline) throws DeepfakeException {
        FaceScores scores = new FaceScores(classifiers.size(), frames);
        List<Future<BatchResult>> all;
        synchronized (inFlight) {
            all = List.copyOf(inFlight);
        }
        for (Future<BatchResult> batch : all) {
            BatchResult r = await(batch, deadline);
            for (int i = 0; i < r.scores().length; i++) {
                int[] w = r.where().get(i);
                scores.set(r.classifier(), w[0], w[1], r.scores()[i]);
            }
        }
        return scores;
    }

    private BatchResult await(Future<BatchResult> batch, VideoDeadline deadline) throws DeepfakeException {
        try {
            return deadline.unlimited() ? batch.get() : batch.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            cancel();
            throw deadline.timedOut();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw DeepfakeException.cancelled("classifying faces of " + video);
        } catch (CancellationException e) {
            throw new DeepfakeException(ErrorCode.CANCELLED, "Classification of " + video + " was cancelled", video, e);
        } catch (ExecutionException e) {
            cancel();
            if (e.getCause() instanceof DeepfakeException de) {
                throw de;
            }
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Classifier failed on faces of " + video + ": "
                    + e.getCause(), video, e.getCause());
        }
    }

    private void submit(Pending p) {
        List<FaceCrop> crops = p.crops;
        List<int[]> where = p.where;
        p.crops = new ArrayList<>(p.batchSize);
        p.where = new ArrayList<>(p.batchSize);
        Classifier classifier = classifiers.get(p.classifier);
        int index = p.classifier;
        Future<BatchResult> f = executor.submit(() -> {
            long t0 = System.nanoTime();
            float[] scores = classifier.classify(crops);
            clock.addClassify(System.nanoTime() - t0);
            if (scores.length != crops.size()) {
                throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Classifier " + classifier.name() + " returned "
                        + scores.length + " scores for " + crops.size() + " crops of " + video, video, null);
            }
            progress.facesClassified(crops.size());
            return new BatchResult(index, scores, where);
        });
        synchronized (inFlight) {
            inFlight.add(f);
        }
    }
}
