package dev.deepfake4j.pipeline;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.FrameResult;
import dev.deepfake4j.Label;
import dev.deepfake4j.WindowReport;
import dev.deepfake4j.WindowedReport;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.Frame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One windowed analysis: the frames of the open window go through the locate chain and the classify stage as in
 * {@link VideoPipeline#analyze}; when a frame of a later window arrives (or the input ends) the window is tracked,
 * aggregated and reported, and all its state is dropped. Only the running counters outlive a window. Not
 * thread-safe: the decoding thread drives it (the locate chain works beside it).
 */
final class WindowedRun {
    /** Thrown through the decoder when the listener fails, so that its exception reaches the caller unwrapped. */
    static final class ListenerFailure extends RuntimeException {
        ListenerFailure(RuntimeException cause) {
            super(cause);
        }
    }

    private final Path path;
    private final PipelineConfig config;
    private final Stages stages;
    private final WindowSelector selector;
    private final Consumer<WindowReport> listener;
    private Window open;
    private long windows;
    private long judged;
    private long frames;
    private long faces;
    private double maxPFake = Double.NaN;
    private double first = Double.NaN;
    private double last;
    private int held;
    private int peakHeld;

    /** The per-video parts a window needs, from the pipeline. */
    record Stages(LocateStage locate, CropStage crop, CropGroups cropGroups, AggregateStage aggregate,
            ExecutorService classifyExecutor, Executor locateExecutor, UnaryOperator<Frame> thumbnail,
            FrameBufferPool frameBuffers) {
    }

    /** Everything one window holds until it is reported. */
    private final class Window {
        final long index;
        final StageClock clock = new StageClock();
        final VideoDeadline deadline;
        final LocateChain chain;
        final FaceFollower follower;
        final ClassifyStage classify;
        final List<SampledFrame> sampled = new ArrayList<>();

        Window(long index) {
            this.index = index;
            deadline = new VideoDeadline(path, config.videoTimeout(), clock.startNanos());
            chain = new LocateChain(path, stages.locateExecutor(), deadline, clock, stages.frameBuffers());
            follower = stages.locate().follower();
            classify = new ClassifyStage(path, config.classifiers(), stages.cropGroups(), stages.classifyExecutor(),
                    clock);
        }
    }

    WindowedRun(Path path, PipelineConfig config, Stages stages, WindowSelector selector,
            Consumer<WindowReport> listener) {
        this.path = path;
        this.config = config;
        this.stages = stages;
        this.selector = selector;
        this.listener = listener;
    }

    /** @param frame a selected frame (a view, valid during the call) @throws DeepfakeException from the stages */
    void accept(Frame frame) throws DeepfakeException {
        long w = selector.windowOf(frame.ptsSeconds());
        if (open != null && open.index != w) {
            close();
        }
        if (open == null) {
            open = new Window(w);
        }
        Window window = open;
        held++;
        peakHeld = Math.max(peakHeld, held);
        window.chain.submit(frame, owned -> {
            List<FaceBox> found = stages.locate().locate(owned, window.follower, window.clock);
            List<List<FaceCrop>> crops = stages.crop().crop(owned, found, window.clock);
            int ordinal = window.sampled.size();
            window.sampled.add(new SampledFrame(owned.index(), owned.ptsSeconds(), found,
                    stages.thumbnail().apply(owned)));
            window.classify.offer(ordinal, crops);
        });
    }

    /** Reports the open window, if any. @throws DeepfakeException from the stages */
    void finish() throws DeepfakeException {
        if (open != null) {
            close();
        }
    }

    /** Stops the open window's work after a failure. */
    void abandon() {
        if (open != null) {
            open.chain.settle();
            open.classify.cancel();
            held = 0;
            open = null;
        }
    }

    private void close() throws DeepfakeException {
        Window w = open;
        w.chain.await();
        w.classify.flush();
        FaceScores scores = w.classify.collect(w.sampled, w.deadline);
        int[][] trackOf = config.tracker().track(w.sampled.stream().map(SampledFrame::faces).toList());
        Verdict verdict = stages.aggregate().aggregate(w.sampled, trackOf, scores);
        int faceCount = verdict.frames().stream().mapToInt(f -> f.faces().size()).sum();
        windows++;
        frames += w.sampled.size();
        faces += faceCount;
        if (verdict.label() != Label.UNKNOWN) {
            judged++;
            maxPFake = Double.isNaN(maxPFake) ? verdict.pFake() : Math.max(maxPFake, verdict.pFake());
        }
        double start = selector.startOf(w.index);
        double end = selector.endOf(w.index);
        if (Double.isNaN(first)) {
            first = start;
        }
        last = end;
        WindowReport report = new WindowReport(path, w.index, start, end, verdict.pFake(), verdict.label(),
                faceCount, verdict.frames(), runningPFake(), runningLabel(), config.threshold(), verdict.warning());
        held -= w.sampled.size();
        open = null;
        try {
            listener.accept(report);
        } catch (RuntimeException e) {
            throw new ListenerFailure(e);
        }
    }

    private double runningPFake() {
        return Double.isNaN(maxPFake) ? config.noFacePrior() : maxPFake;
    }

    private Label runningLabel() {
        return Double.isNaN(maxPFake) ? Label.UNKNOWN : Label.of(maxPFake, config.threshold());
    }

    /** @param warnings the decoder's and classifiers' @return the summary */
    WindowedReport summary(List<String> warnings) {
        return new WindowedReport(path, windows, judged, frames, faces, runningPFake(), runningLabel(),
                config.threshold(), Double.isNaN(first) ? 0 : first, last, peakHeld, warnings);
    }
}
