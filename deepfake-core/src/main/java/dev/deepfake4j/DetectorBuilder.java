package dev.deepfake4j;

import static dev.deepfake4j.internal.Checks.checkArgument;
import static dev.deepfake4j.internal.Checks.checkState;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.aggregate.EnsembleMode;
import dev.deepfake4j.calibrate.Calibration;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.ClassifierEnsemble;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.FaceTracker;
import dev.deepfake4j.pipeline.PipelineConfig;
import dev.deepfake4j.pipeline.VideoPipeline;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.Components;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures a {@link DeepfakeDetector}. Each setter checks its argument at once and names a bad value; setting
 * an option twice is an error that names the earlier value. Defaults are documented on each setter and apply
 * to what is not set. {@link #build()} leaves the builder usable. Not thread-safe.
 */
public final class DetectorBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorBuilder.class);

    /**
     * {@link #detectEvery(int)}'s default: the whole-frame face location interval that cost 0.86x the CPU of
     * every-frame location on the labelled clips while moving no p_fake by more than 0.013.
     */
    public static final int DEFAULT_DETECT_EVERY = 8;

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
    private Integer maxQueuedVideos;
    private Integer classifierThreads;
    private Integer thumbnailSize;
    private Integer detectEvery;
    private EnsembleMode ensembleMode;
    private Components components;
    private Duration videoTimeout;
    private Set<String> allowedProtocols;
    private Integer minFaces;
    private Calibration calibration;
    private boolean keepCrops;

    DetectorBuilder() {
    }

    private static void requireUnset(Object current, String option) {
        checkState(current == null, "%s was already set to %s", option, current);
    }

    /**
     * @param sampler which frames to analyse; default {@code FrameSampler.uniform(32)} (32 frames, as the DFDC
     *        1st place sampled)
     * @return this
     */
    public DetectorBuilder sampler(FrameSampler sampler) {
        requireUnset(this.sampler, "sampler");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        return this;
    }

    /**
     * @param locator finds faces; default the best-ranked provider's (YuNet from {@code deepfake-video}); the
     *        caller keeps ownership
     * @return this
     */
    public DetectorBuilder faceLocator(FaceLocator locator) {
        requireUnset(this.faceLocator, "faceLocator");
        this.faceLocator = Objects.requireNonNull(locator, "faceLocator");
        return this;
    }

    /**
     * @param classifier scores face crops; default the best-ranked provider's (MesoNet-4 DF from
     *        {@code deepfake-models}); the caller keeps ownership
     * @return this
     */
    public DetectorBuilder classifier(Classifier classifier) {
        return classifiers(List.of(Objects.requireNonNull(classifier, "classifier")));
    }

    /**
     * An ensemble: each face is scored by every classifier (each fed a crop at its own input size) and the
     * scores are averaged.
     *
     * @param classifiers one or more classifiers; the caller keeps ownership
     * @return this
     */
    public DetectorBuilder classifiers(List<Classifier> classifiers) {
        requireUnset(this.classifiers, "classifiers");
        checkArgument(!classifiers.isEmpty(), "at least one classifier is needed");
        classifiers.forEach(c -> Objects.requireNonNull(c, "classifiers contains null"));
        this.classifiers = List.copyOf(classifiers);
        return this;
    }

    /**
     * A published ensemble with its own combining rule, such as the DFDC winner's preset: sets both the
     * classifiers and the {@link #ensembleMode}, which then cannot be set apart.
     *
     * @param ensemble the classifiers and their rule; the caller keeps ownership (close the ensemble after the
     *        detector)
     * @return this
     */
    public DetectorBuilder ensemble(ClassifierEnsemble ensemble) {
        Objects.requireNonNull(ensemble, "ensemble");
        requireUnset(this.ensembleMode, "ensembleMode");
        classifiers(ensemble.members());
        this.ensembleMode = ensemble.mode();
        return this;
    }

    /**
     * @param n the fewest faces, over all kept tracks, for a verdict; with fewer the video is labelled
     *        {@link Label#UNKNOWN} and scored with the {@link #noFacePrior}; at least 1; default 1 (any face)
     * @return this
     */
    public DetectorBuilder minFaces(int n) {
        requireUnset(this.minFaces, "minFaces");
        checkArgument(n >= 1, "minFaces must be at least 1: %s", n);
        this.minFaces = n;
        return this;
    }

    /**
     * @param decoder the video backend; default the best-ranked provider's (FFmpeg from {@code deepfake-video})
     * @return this
     */
    public DetectorBuilder decoder(VideoDecoder decoder) {
        requireUnset(this.decoder, "decoder");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        return this;
    }

    /**
     * @param options decoder threads, limits and fast seek; default {@link DecodeOptions#defaults()}
     * @return this
     */
    public DetectorBuilder decodeOptions(DecodeOptions options) {
        requireUnset(this.decodeOptions, "decodeOptions");
        this.decodeOptions = Objects.requireNonNull(options, "decodeOptions");
        return this;
    }

    /**
     * Lets this detector read {@link VideoInput#of(java.net.URI) URIs} with these schemes, besides {@code file:}
     * (always allowed, read as paths). The default allows none: a {@code http:} URI is then
     * {@link ErrorCode#UNSUPPORTED_INPUT} naming its scheme and this option. The FFmpeg decoder's protocol whitelist
     * is set to exactly these schemes plus the transports they need ({@code https} also allows {@code tls} and
     * {@code tcp}; see {@code deepfake-video}), and network inputs get {@link DecodeOptions#networkTimeout()}.
     * Added to the protocols {@link #decodeOptions} already allows.
     *
     * @param protocols scheme names, e.g. {@code Set.of("http", "https")}
     * @return this
     * @throws IllegalArgumentException for a name that is not a URI scheme, or {@code file}
     */
    public DetectorBuilder allowProtocols(Set<String> protocols) {
        requireUnset(this.allowedProtocols, "allowProtocols");
        DecodeOptions.builder().allowProtocols(protocols); // validates now, not at build()
        this.allowedProtocols = Set.copyOf(protocols);
        return this;
    }

    /**
     * @param cropper cuts faces out of frames; default the best-ranked provider's (OpenCV)
     * @return this
     */
    public DetectorBuilder cropper(FaceCropper cropper) {
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
    public DetectorBuilder cropPolicy(CropPolicy policy) {
        requireUnset(this.cropPolicy, "cropPolicy");
        this.cropPolicy = Objects.requireNonNull(policy, "cropPolicy");
        return this;
    }

    /**
     * @param tracker links faces across frames and drops minor ones; default {@link FaceTracker#defaults()}
     * @return this
     */
    public DetectorBuilder tracker(FaceTracker tracker) {
        requireUnset(this.tracker, "tracker");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        return this;
    }

    /**
     * @param aggregation combines the face scores of one track; default the rule the classifiers declare
     *        ({@link Classifier#faceAggregation()}, when all declare the same one), else
     *        {@link Aggregation#confidentStrategy()} (the DFDC 1st place's rule)
     * @return this
     */
    public DetectorBuilder aggregation(Aggregation aggregation) {
        requireUnset(this.faceAggregation, "aggregation");
        this.faceAggregation = Objects.requireNonNull(aggregation, "aggregation");
        return this;
    }

    /**
     * @param aggregation combines the track scores of one video; default {@link Aggregation#max()} (a video
     *        is fake when any person in it is)
     * @return this
     */
    public DetectorBuilder trackAggregation(Aggregation aggregation) {
        requireUnset(this.trackAggregation, "trackAggregation");
        this.trackAggregation = Objects.requireNonNull(aggregation, "trackAggregation");
        return this;
    }

    /**
     * @param mode how an ensemble's classifiers are combined; default {@link EnsembleMode#FACE_MEAN}
     *        (irrelevant with one classifier)
     * @return this
     */
    public DetectorBuilder ensembleMode(EnsembleMode mode) {
        requireUnset(this.ensembleMode, "ensembleMode");
        this.ensembleMode = Objects.requireNonNull(mode, "ensembleMode");
        return this;
    }

    /**
     * @param threshold probability above which a video is labelled FAKE, in (0, 1); default 0.5
     * @return this
     */
    public DetectorBuilder threshold(double threshold) {
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
    public DetectorBuilder clipEpsilon(double epsilon) {
        requireUnset(this.clipEpsilon, "clipEpsilon");
        checkArgument(epsilon >= 0 && epsilon < 0.5, "clip epsilon must be in [0, 0.5): %s", epsilon);
        this.clipEpsilon = epsilon;
        return this;
    }

    /**
     * @param prior probability of fake reported with an {@link Label#UNKNOWN} verdict (no face, or fewer than
     *        {@link #minFaces}), in [0, 1]; default 0.5 (no evidence either way; the log-loss-safe answer)
     * @return this
     */
    public DetectorBuilder noFacePrior(double prior) {
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
    public DetectorBuilder maxConcurrentVideos(int n) {
        requireUnset(this.maxConcurrentVideos, "maxConcurrentVideos");
        checkArgument(n >= 1 && n <= 256, "maxConcurrentVideos must be in 1..256: %s", n);
        this.maxConcurrentVideos = n;
        return this;
    }

    /**
     * Bounds {@link DeepfakeDetector#analyzeAsync(VideoInput)}: at most {@code maxConcurrentVideos + n}
     * asynchronous videos are held at once (running, or queued on their executor). A call beyond that is refused
     * at once: its future fails with {@link ErrorCode#BUSY} rather than waiting in an unbounded queue. A video
     * counts until its work ends (a cancelled queued video, until its executor drops or reaches it).
     *
     * @param n the asynchronous videos that may wait beyond those running, 0..65536; default
     *        {@code maxConcurrentVideos}
     * @return this
     */
    public DetectorBuilder maxQueuedVideos(int n) {
        requireUnset(this.maxQueuedVideos, "maxQueuedVideos");
        checkArgument(n >= 0 && n <= 65536, "maxQueuedVideos must be in 0..65536: %s", n);
        this.maxQueuedVideos = n;
        return this;
    }

    /**
     * Runs the face locator on the whole frame only every {@code k}-th sampled frame; on the frames between, it looks
     * again only inside a box three face sizes wide around each face of the previous frame, and falls back to the
     * whole frame when a face is not found there (a lost track). Saves most of the locator's time on videos with
     * steady faces; a face that enters between two whole-frame detections is found at the next one, up to
     * {@code k - 1} sampled frames late. The crops then come from boxes found at the frame's own resolution rather
     * than in a 640-pixel downscale, so p_fake moves slightly: on the 9 labelled clips, by at most 0.013 at the
     * default 8 against {@code detectEvery(1)} ({@code docs/benchmarks.md}, "Face location every k-th frame").
     *
     * @param k 1..64; default {@value #DEFAULT_DETECT_EVERY}; 1 runs the locator on every whole frame (the scores
     *        recorded in {@code docs/golden/})
     * @return this
     */
    public DetectorBuilder detectEvery(int k) {
        requireUnset(this.detectEvery, "detectEvery");
        checkArgument(k >= 1 && k <= 64, "detectEvery must be in 1..64: %s", k);
        this.detectEvery = k;
        return this;
    }

    /**
     * Keeps a small copy of every sampled frame in the report (for HTML reports and previews). Costs about
     * {@code longSide² × 3 / 2} bytes per frame (≈ 60 kB at 200 px).
     *
     * @param longSide the thumbnails' longer side in pixels, 16..1024; default: no thumbnails
     * @return this
     */
    public DetectorBuilder thumbnails(int longSide) {
        requireUnset(this.thumbnailSize, "thumbnails");
        checkArgument(longSide >= 16 && longSide <= 1024, "thumbnail size must be in 16..1024 pixels: %s", longSide);
        this.thumbnailSize = longSide;
        return this;
    }

    /**
     * Keeps, in each reported face ({@link dev.deepfake4j.face.TrackedFace#cropIfKept()}), the crop the first
     * classifier scored: for HTML reports and for {@link DeepfakeDetector#explain}. Costs the crop's
     * {@code width × height × 3} bytes per face (≈ 196 kB at 256 × 256; 32 frames of one face ≈ 6 MB per report),
     * held as long as the report. Reports of {@code analyzeWindows} keep none.
     *
     * @return this
     */
    public DetectorBuilder keepCrops() {
        this.keepCrops = true;
        return this;
    }

    /**
     * @param n threads that run classifier batches while decoding and face location go on, 1..64; default 1
     *        (the classifier itself uses several cores per batch; one thread is enough to overlap the stages)
     * @return this
     */
    public DetectorBuilder classifierThreads(int n) {
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
    public DetectorBuilder videoTimeout(Duration timeout) {
        requireUnset(this.videoTimeout, "videoTimeout");
        Objects.requireNonNull(timeout, "videoTimeout");
        checkArgument(!timeout.isNegative() && !timeout.isZero(), "videoTimeout must be positive: %s", timeout);
        this.videoTimeout = timeout;
        return this;
    }

    /**
     * Maps every video score through a calibration (see {@code deepfake4j calibrate}): the report's
     * {@link VideoReport#pFake()} and label are then calibrated, {@link VideoReport#rawPFake()} keeps the score
     * before it. The map's output is clipped to [ε, 1 − ε] again. An {@link Label#UNKNOWN} verdict keeps the prior
     * uncalibrated (the map was fitted on classifier scores, and the prior is none). A
     * {@link FittedCalibration} that names its models is checked by {@link #build()} against the classifiers'
     * names. Without it, a single classifier's own calibration ({@link Classifier#calibration()}, e.g. carried by
     * its model manifest) is applied, with the same check; one set here replaces it.
     *
     * @param calibration the map; default none
     * @return this
     */
    public DetectorBuilder calibration(Calibration calibration) {
        requireUnset(this.calibration, "calibration");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        return this;
    }

    /**
     * @param components where defaults come from; default {@link Components#discover()} (the classpath)
     * @return this
     */
    public DetectorBuilder components(Components components) {
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
     * @throws IllegalArgumentException when a {@link #calibration} was fitted for other models than the detector's
     *         classifiers; the message names both lists
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
            Calibration applied = calibration != null ? calibration : ClassifierDeclarations.calibration(cls);
            if (applied instanceof FittedCalibration fitted) {
                fitted.checkModels(cls.stream().map(Classifier::name).toList());
            }
            PipelineConfig config = new PipelineConfig(dec, decoding(), sampler != null ? sampler
                    : FrameSampler.uniform(32), loc, tracker != null ? tracker : FaceTracker.defaults(), crop,
                    cropPolicy != null ? cropPolicy : CropPolicy.DEFAULT, cls,
                    ensembleMode != null ? ensembleMode : EnsembleMode.FACE_MEAN,
                    faceAggregation != null ? faceAggregation : ClassifierDeclarations.faceAggregation(cls),
                    trackAggregation != null ? trackAggregation : Aggregation.max(),
                    threshold != null ? threshold : 0.5, clipEpsilon != null ? clipEpsilon : 0.01,
                    noFacePrior != null ? noFacePrior : 0.5, minFaces != null ? minFaces : 1,
                    thumbnailSize != null ? thumbnailSize : 0, videoTimeout != null ? videoTimeout : Duration.ZERO,
                    applied, keepCrops, detectEvery != null ? detectEvery : DEFAULT_DETECT_EVERY);
            int concurrency = maxConcurrentVideos != null ? maxConcurrentVideos
                    : Math.max(1, Runtime.getRuntime().availableProcessors());
            DetectorThreads threads = new DetectorThreads(concurrency, classifierThreads != null ? classifierThreads : 1);
            VideoPipeline pipeline = new VideoPipeline(config, threads.classify(), threads.locate(),
                    threads::queuedVideos);
            LOG.debug("Built detector: {}", pipeline.describe());
            return new DeepfakeDetector(pipeline, List.copyOf(created), concurrency, threads,
                    concurrency + (maxQueuedVideos != null ? maxQueuedVideos : concurrency));
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

    /**
     * The decode options, their timeout lowered to the video timeout when that is shorter (or theirs unset), and the
     * allowed protocols added.
     */
    private DecodeOptions decoding() {
        DecodeOptions decoding = decodeOptions != null ? decodeOptions : DecodeOptions.defaults();
        if (allowedProtocols != null) {
            decoding = decoding.toBuilder().allowProtocols(allowedProtocols).build();
        }
        if (videoTimeout != null && (decoding.timeout().isZero() || decoding.timeout().compareTo(videoTimeout) > 0)) {
            return decoding.toBuilder().timeout(videoTimeout).build();
        }
        return decoding;
    }
}
