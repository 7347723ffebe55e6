package dev.deepfake4j.pipeline;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.aggregate.EnsembleMode;
import dev.deepfake4j.calibrate.Calibration;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.FaceTracker;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything one {@link VideoPipeline} is built from, with every default already applied (by
 * {@code DetectorBuilder}). Immutable; the components it names are owned elsewhere.
 *
 * @param decoder the video backend
 * @param decodeOptions how it decodes (already carrying the video timeout, when one is set)
 * @param sampler which frames to take
 * @param locator finds faces
 * @param tracker selects faces per frame and links them into tracks
 * @param cropper cuts faces out
 * @param cropPolicy the crop region for classifiers that name none
 * @param classifiers one or more; an ensemble when more
 * @param ensembleMode how an ensemble's scores combine
 * @param faceAggregation faces of a track → track score
 * @param trackAggregation tracks → video score
 * @param threshold P(fake) above which a video is FAKE
 * @param clipEpsilon video scores are clipped to [ε, 1 − ε]
 * @param noFacePrior P(fake) reported with an UNKNOWN verdict
 * @param minFaces fewest kept faces for a verdict other than UNKNOWN, at least 1
 * @param thumbnailSize longer side of kept thumbnails in pixels; 0 keeps none
 * @param videoTimeout the most one video may take; {@link Duration#ZERO} for no limit
 * @param calibration maps the clipped raw video score to the reported one; {@code null} for none
 * @param keepCrops whether each reported face keeps the crop its first classifier scored
 * @param detectEvery the locator runs on the whole frame every this many sampled frames, at least 1; between, it
 *        looks again only around the previous frame's faces (see {@code FaceFollower}); 1 detects on every frame
 */
public record PipelineConfig(VideoDecoder decoder, DecodeOptions decodeOptions, FrameSampler sampler,
        FaceLocator locator, FaceTracker tracker, FaceCropper cropper, CropPolicy cropPolicy,
        List<Classifier> classifiers, EnsembleMode ensembleMode, Aggregation faceAggregation,
        Aggregation trackAggregation, double threshold, double clipEpsilon, double noFacePrior, int minFaces,
        int thumbnailSize, Duration videoTimeout, Calibration calibration, boolean keepCrops, int detectEvery) {

    /** Checks that nothing is missing and copies the list. */
    public PipelineConfig {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(decodeOptions, "decodeOptions");
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(locator, "locator");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(cropper, "cropper");
        Objects.requireNonNull(cropPolicy, "cropPolicy");
        Objects.requireNonNull(ensembleMode, "ensembleMode");
        Objects.requireNonNull(faceAggregation, "faceAggregation");
        Objects.requireNonNull(trackAggregation, "trackAggregation");
        Objects.requireNonNull(videoTimeout, "videoTimeout");
        classifiers = List.copyOf(classifiers);
        if (classifiers.isEmpty()) {
            throw new IllegalArgumentException("at least one classifier is needed");
        }
        if (detectEvery < 1) {
            throw new IllegalArgumentException("detectEvery must be at least 1: " + detectEvery);
        }
        if (minFaces < 1) {
            throw new IllegalArgumentException("minFaces must be at least 1: " + minFaces);
        }
    }
}
