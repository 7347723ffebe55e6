package dev.deepfake4j.cli;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DetectorBuilder;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.cli.report.HtmlReport;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.models.calibrate.CalibrationFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options shared by {@code score} and {@code eval}: how the detector is put together. */
final class DetectorOptions {
    @Option(names = "--frames", paramLabel = "N", description = "Frames to sample uniformly (default 32; same as --sampler uniform:N).")
    Integer frames;

    @Option(names = "--sampler", paramLabel = "SPEC", description = "uniform:N, every:K, fps:R or keyframes (default uniform:32).")
    String sampler;

    @Option(names = "--locator", paramLabel = "NAME", description = "Face locator: yunet (default; YuNet on ONNX Runtime), yunet-opencv (the same model through OpenCV), haar, lbp, ultraface, blazeface, blazeface-back.")
    String locator;

    @Option(names = "--model", paramLabel = "NAME|PATH", description = "Classifier: a registry name (see 'models list'), the preset dfdc-winner (the DFDC 1st place's 7 EfficientNet-B7), or an ONNX file with its .json manifest beside it; repeat for an ensemble (default mesonet4-df).")
    List<String> models = new ArrayList<>();

    @Option(names = "--aggregate", paramLabel = "RULE", description = "mean, median, max, confident (default), weighted, logit-mean (ICPR 2020 video score) or topK:N.")
    String aggregate;

    @Option(names = "--threads", paramLabel = "N", description = "Videos scored at once (default: the number of cores).")
    Integer threads;

    @Option(names = "--fast", description = {"Speed preset: each sampled frame moves to the nearest frame decodable without B-frames, and frames are decoded without the deblocking filter (--skip-loop-filter).",
            "Scores differ from the defaults' (docs/benchmarks.md)."})
    boolean fast;

    @Option(names = "--skip-loop-filter", description = "Decode without H.264's deblocking filter: about a fifth less decoding time; pixels differ slightly from the true frames, so scores move a little.")
    boolean skipLoopFilter;

    @Option(names = "--detect-every", paramLabel = "K", description = "Locate faces on the whole frame every K-th sampled frame only; between, look again only around the previous frame's faces (a lost face triggers a whole-frame look). Default 8; 1 locates on every whole frame (the scores recorded in docs/golden).")
    Integer detectEvery;

    @Option(names = "--threshold", paramLabel = "P", description = "P(fake) above which a video is labelled FAKE (default 0.5).")
    Double threshold;

    FrameSampler sampler() {
        if (frames != null && sampler != null) {
            throw new UsageException("--frames and --sampler both say which frames to take; give one");
        }
        if (frames != null) {
            return FrameSampler.uniform(positive(frames, "--frames"));
        }
        try {
            return sampler == null ? FrameSampler.uniform(32) : FrameSampler.parse(sampler);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--sampler: " + e.getMessage());
        }
    }

    /** A detector and the components the CLI created for it; closing closes both, detector first. */
    static final class Assembled implements AutoCloseable {
        final DeepfakeDetector detector;
        private final List<AutoCloseable> owned;

        Assembled(DeepfakeDetector detector, List<AutoCloseable> owned) {
            this.detector = detector;
            this.owned = owned;
        }

        @Override
        public void close() {
            detector.close();
            ComponentChoices.closeAll(owned);
        }
    }

    Assembled build(boolean thumbnails) throws DeepfakeException {
        return build(thumbnails, null);
    }

    /**
     * @param thumbnails for a report: keep frame thumbnails and the crops the classifier saw
     * @param calibrationFile a {@code calibration.json} to attach, or {@code null}; one fitted for other models is
     *        a usage error naming both model lists
     */
    Assembled build(boolean thumbnails, Path calibrationFile) throws DeepfakeException {
        DetectorBuilder b = DeepfakeDetector.builder().sampler(sampler());
        if (thumbnails) {
            b.thumbnails(HtmlReport.THUMBNAIL_SIZE).keepCrops();
        }
        if (aggregate != null) {
            try {
                b.aggregation(Aggregation.parse(aggregate));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--aggregate: " + e.getMessage());
            }
        }
        if (fast || skipLoopFilter) {
            b.decodeOptions(dev.deepfake4j.spi.DecodeOptions.builder().fastSeek(fast)
                    .skipLoopFilter(fast || skipLoopFilter).build());
        }
        if (detectEvery != null) {
            try {
                b.detectEvery(detectEvery);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--detect-every: " + e.getMessage());
            }
        }
        if (threads != null) {
            b.maxConcurrentVideos(positive(threads, "--threads"));
        }
        if (threshold != null) {
            if (!(threshold > 0 && threshold < 1)) {
                throw new UsageException("--threshold must be in (0, 1): " + threshold);
            }
            b.threshold(threshold);
        }
        if (calibrationFile != null) {
            b.calibration(CalibrationFile.read(calibrationFile));
        }
        List<AutoCloseable> owned = ComponentChoices.apply(b, locator, models);
        try {
            try {
                return new Assembled(b.build(), owned);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().contains("calibration")) {
                    throw new UsageException((calibrationFile != null ? "--calibration " + calibrationFile
                            : "the calibration in the model's manifest") + ": " + e.getMessage());
                }
                throw e;
            }
        } catch (DeepfakeException | RuntimeException e) {
            ComponentChoices.closeAll(owned);
            throw e;
        }
    }

    static int positive(int value, String option) {
        if (value < 1) {
            throw new UsageException(option + " must be at least 1: " + value);
        }
        return value;
    }
}
