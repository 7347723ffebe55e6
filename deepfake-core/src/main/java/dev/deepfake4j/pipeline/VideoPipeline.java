package dev.deepfake4j.pipeline;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.VideoProgress;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.WindowOptions;
import dev.deepfake4j.WindowReport;
import dev.deepfake4j.WindowedReport;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.explain.Explanations;
import dev.deepfake4j.explain.OcclusionOptions;
import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * One video, stage by stage: decode the planned frames; on the locate chain, per frame, locate and select faces
 * and crop them; classify crops in batches as they fill, beside the decoder; then link faces into tracks,
 * aggregate, and report. Immutable; each call keeps its state on its own stack, so one pipeline serves many
 * threads. The executors are owned by the detector.
 */
public final class VideoPipeline {
    /**
     * Idle frame buffers kept: a chain holds at most {@link LocateChain#FRAMES_AHEAD} frames (the one being worked
     * on included) and a CLI batch on 2 cores has two videos in flight, plus one spare per video for sizes that
     * differ; more concurrent videos still work, allocating the buffers beyond these.
     */
    private static final int IDLE_FRAME_BUFFERS = 2 * (LocateChain.FRAMES_AHEAD + 1);

    private final PipelineConfig config;
    private final LocateStage locate;
    private final CropStage crop;
    private final CropGroups cropGroups;
    private final AggregateStage aggregate;
    private final ExecutorService classifyExecutor;
    private final Executor locateExecutor;
    /** The frames waiting on the locate chains of all videos in flight, reused across videos. */
    private final FrameBufferPool frameBuffers = new FrameBufferPool(IDLE_FRAME_BUFFERS);
    private final DecoderShare decoderShare;

    /**
     * @param config the components and settings
     * @param classifyExecutor runs classifier batches while decoding goes on
     * @param locateExecutor runs face location and cropping beside the decoder
     * @param queuedVideos how many videos wait to be run by this pipeline at a given moment (a batch's queue), so
     *        that the first videos of a batch share the cores with those about to follow
     */
    public VideoPipeline(PipelineConfig config, ExecutorService classifyExecutor, Executor locateExecutor,
            IntSupplier queuedVideos) {
        this.config = config;
        this.classifyExecutor = classifyExecutor;
        this.locateExecutor = locateExecutor;
        this.decoderShare = new DecoderShare(config.decodeOptions(), Runtime.getRuntime().availableProcessors(),
                queuedVideos);
        this.cropGroups = new CropGroups(config.classifiers());
        this.locate = new LocateStage(config.locator(), config.tracker(), config.detectEvery());
        this.crop = new CropStage(config.cropper(), config.cropPolicy(), cropGroups);
        this.aggregate = new AggregateStage(config.faceAggregation(), config.trackAggregation(),
                config.ensembleMode(), config.threshold(), config.clipEpsilon(), config.noFacePrior(),
                config.minFaces(), config.calibration());
    }

    /** @return the frame sampler in use */
    public FrameSampler sampler() {
        return config.sampler();
    }

    /** @return the components in use, for logs and reports */
    public String describe() {
        return "sampler=" + config.sampler() + ", locator=" + config.locator().name() + ", classifiers="
                + config.classifiers().stream().map(Classifier::name).collect(Collectors.joining("+"))
                + ", aggregation=" + config.faceAggregation() + "/" + config.trackAggregation() + ", decoder="
                + config.decoder().name() + (config.calibration() != null ? ", calibration="
                + config.calibration().method() : "");
    }

    /** @return the classifiers' names, in order (what a calibration is fitted for) */
    public List<String> classifierNames() {
        return config.classifiers().stream().map(Classifier::name).toList();
    }

    /**
     * Maps of why a face crop scores as it does (see {@link Explanations#of}), by the classifiers of the first crop
     * group whose input the crop matches (size and colour order): the crops reports keep are the first group's.
     *
     * @param faceCrop a crop at one of the classifiers' input sizes
     * @param options the occlusion patch, stride and fill
     * @return the occlusion map, then the classifiers' own maps
     * @throws DeepfakeException {@code BACKEND_FAILURE} when a classifier fails
     * @throws IllegalArgumentException when no classifier takes crops of that size and colour order
     */
    public List<SensitivityMap> explain(FaceCrop faceCrop, OcclusionOptions options) throws DeepfakeException {
        for (int g = 0; g < cropGroups.specs().size(); g++) {
            InputSpec spec = cropGroups.specs().get(g);
            if (spec.width() == faceCrop.width() && spec.height() == faceCrop.height()
                    && spec.channels() == faceCrop.format()) {
                List<Classifier> group = new ArrayList<>();
                for (int c = 0; c < config.classifiers().size(); c++) {
                    if (cropGroups.groupOf(c) == g) {
                        group.add(config.classifiers().get(c));
                    }
                }
                return Explanations.of(group, faceCrop, options);
            }
        }
        throw new IllegalArgumentException("no classifier of " + classifierNames() + " takes " + faceCrop);
    }

    /**
     * @param input the video; a URI's scheme must be in {@link dev.deepfake4j.spi.DecodeOptions#allowedProtocols()}
     * @return the report, its path the input's {@link VideoInput#reportPath()}
     * @throws DeepfakeException what failed, naming the input; an unchecked failure of a component is
     *         {@link ErrorCode#BACKEND_FAILURE} with it as the cause; {@code UNSUPPORTED_INPUT} for a URI whose
     *         scheme was not allowed
     */
    public VideoReport analyze(VideoInput input) throws DeepfakeException {
        return analyze(input, VideoProgress.NONE);
    }

    /**
     * As {@link #analyze(VideoInput)}, telling {@code progress} how far it got (see {@link VideoProgress} for
     * which thread calls what).
     *
     * @param input the video
     * @param progress hears the frames planned, decoded and located, the faces classified, and the end
     * @return the report
     * @throws DeepfakeException as {@link #analyze(VideoInput)}
     */
    public VideoReport analyze(VideoInput input, VideoProgress progress) throws DeepfakeException {
        Path path = input.reportPath();
        if (input instanceof VideoInput.OfUri uri) {
            uri.requireAllowed(config.decodeOptions().allowedProtocols());
        }
        try {
            return run(input, path, progress);
        } catch (RuntimeException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "A pipeline component failed on " + path + ": "
                    + e, path, e);
        }
    }

    /**
     * Scores the input window by window (see {@link WindowedRun}), reading it front to back through
     * {@link VideoSource#decodeStream}; the video time limit applies to each window's analysis.
     *
     * @param input the video
     * @param options window length and frames per window
     * @param onWindow receives each window's report on this thread; what it throws ends the run, unwrapped
     * @return the summary
     * @throws DeepfakeException as {@link #analyze}
     */
    public WindowedReport analyzeWindows(VideoInput input, WindowOptions options, Consumer<WindowReport> onWindow)
            throws DeepfakeException {
        Path path = input.reportPath();
        if (input instanceof VideoInput.OfUri uri) {
            uri.requireAllowed(config.decodeOptions().allowedProtocols());
        }
        WindowSelector selector = new WindowSelector(options);
        WindowedRun run = new WindowedRun(path, config, new WindowedRun.Stages(locate, crop, cropGroups, aggregate,
                classifyExecutor, locateExecutor, this::thumbnailOf, frameBuffers), selector, onWindow);
        List<String> warnings = new ArrayList<>();
        try (VideoSource source = config.decoder().openSequential(input, config.decodeOptions())) {
            source.decodeStream(selector, run::accept);
            run.finish();
            warnings.addAll(source.warnings());
            config.classifiers().forEach(c -> warnings.addAll(c.warnings()));
        } catch (WindowedRun.ListenerFailure e) {
            run.abandon();
            throw (RuntimeException) e.getCause();
        } catch (DeepfakeException e) {
            run.abandon();
            throw e;
        } catch (RuntimeException e) {
            run.abandon();
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "A pipeline component failed on " + path + ": "
                    + e, path, e);
        }
        return run.summary(warnings);
    }

    private VideoReport run(VideoInput input, Path path, VideoProgress progress) throws DeepfakeException {
        DecoderShare.Share share = decoderShare.enter();
        try {
            return run(input, path, progress, share);
        } finally {
            decoderShare.leave();
        }
    }

    private VideoReport run(VideoInput input, Path path, VideoProgress progress, DecoderShare.Share share)
            throws DeepfakeException {
        DecodeOptions decodeOptions = share.options();
        StageClock clock = new StageClock();
        VideoDeadline deadline = new VideoDeadline(path, config.videoTimeout(), clock.startNanos());
        // written by the locate chain only (one task at a time, in order), read here once the chain is done
        List<SampledFrame> sampled = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        // with no core to spare, locating beside the decoder would only add a copy of each frame and a hand-off
        LocateChain chain = LocateChain.of(path, locateExecutor, deadline, clock, frameBuffers, share.noCoreToSpare());
        FaceFollower follower = locate.follower(); // used by the chain's tasks only, one after the other
        ClassifyStage classify = new ClassifyStage(path, config.classifiers(), cropGroups, classifyExecutor, clock,
                progress);
        VideoInfo info;
        try {
            try (VideoSource source = config.decoder().open(input, decodeOptions)) {
                info = source.info();
                clock.decodeStarted();
                SamplePlan plan = config.sampler().plan(info);
                progress.framesPlanned(plan.maxFrames());
                int delivered = source.decode(plan, frame -> {
                    progress.frameDecoded(frame.index());
                    chain.submit(frame, owned -> {
                        List<FaceBox> faces = locate.locate(owned, follower, clock);
                        List<List<FaceCrop>> crops = crop.crop(owned, faces, clock);
                        int ordinal = sampled.size();
                        sampled.add(new SampledFrame(owned.index(), owned.ptsSeconds(), faces, thumbnailOf(owned),
                                config.keepCrops() ? crops.get(0) : List.of()));
                        progress.frameLocated(owned.index(), faces.size());
                        classify.offer(ordinal, crops);
                    });
                });
                clock.decodeEnded();
                chain.await();
                warnings.addAll(source.warnings());
                config.classifiers().forEach(c -> warnings.addAll(c.warnings()));
                if (delivered == 0) {
                    throw new DeepfakeException(ErrorCode.DECODE_FAILED, "No frame could be decoded from " + path
                            + " (" + info + "); the file may be damaged or hold no video frames", path, null);
                }
            }
            classify.flush();
        } catch (DeepfakeException | RuntimeException e) {
            chain.settle();
            classify.cancel();
            throw e;
        }
        FaceScores scores = classify.collect(sampled, deadline);
        int[][] trackOf = config.tracker().track(sampled.stream().map(SampledFrame::faces).toList());
        Verdict verdict = aggregate.aggregate(sampled, trackOf, scores);
        verdict.warning().ifPresent(warnings::add);
        VideoReport report = new VideoReport(path, verdict.pFake(), verdict.label(), config.threshold(), info,
                verdict.frames(), verdict.tracks(), clock.timings(), warnings, verdict.rawPFake());
        progress.done();
        return report;
    }

    private Frame thumbnailOf(Frame frame) {
        return config.thumbnailSize() > 0 ? frame.thumbnail(config.thumbnailSize()) : null;
    }
}
