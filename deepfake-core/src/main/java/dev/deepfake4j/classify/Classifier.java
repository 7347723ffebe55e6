package dev.deepfake4j.classify;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.calibrate.Calibration;
import java.util.List;
import java.util.Optional;

/**
 * Scores face crops: the probability that each face is fake.
 *
 * <p>Implementations must be safe for concurrent use (ONNX Runtime sessions are). Crops handed in are already at
 * {@link #inputSpec()}'s size and colour order; the classifier normalises and lays them out as the spec says. A
 * classifier that holds native resources frees them in {@link #close()}; a {@code DeepfakeDetector} closes those
 * it created, never one the caller passed in.
 */
public interface Classifier extends AutoCloseable {

    /** @return what crops must look like */
    InputSpec inputSpec();

    /** @return a short name for reports, e.g. {@code mesonet4-df} */
    String name();

    /** @return the most crops {@link #classify} takes at once; callers split larger lists (default 32) */
    default int maxBatchSize() {
        return 32;
    }

    /**
     * @param crops at most {@link #maxBatchSize()} crops matching {@link #inputSpec()}
     * @return for each crop, in order, the probability that the face is fake, in [0, 1]
     * @throws DeepfakeException {@link dev.deepfake4j.ErrorCode#BACKEND_FAILURE} when inference fails
     */
    float[] classify(List<FaceCrop> crops) throws DeepfakeException;

    /**
     * Problems that do not stop this classifier from working but that every report it contributes to should carry,
     * for example a GPU execution provider that could not start and was replaced by the CPU because the caller
     * allowed it. The detector copies them into each {@link dev.deepfake4j.VideoReport#warnings()}.
     *
     * @return the warnings, fixed when the classifier was created; the default has none
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * A calibration of video scores that travels with this model, for example in its ONNX manifest
     * ({@code "calibration"}). A detector whose only classifier is this one applies it when no calibration was set
     * on the builder, with the same model check as {@code DetectorBuilder.calibration}: one fitted for other models
     * makes {@code build()} fail naming both lists.
     *
     * @return the calibration, fixed when the classifier was created; the default has none
     */
    default Optional<Calibration> calibration() {
        return Optional.empty();
    }

    /**
     * How the model's authors combine the face scores of a track, when they have their own rule (polimi ICPR
     * 2020: the sigmoid of the mean logit). A detector built without an explicit aggregation uses it when every
     * classifier of the detector declares the same one.
     *
     * @return the rule; the default declares none
     */
    default Optional<Aggregation> faceAggregation() {
        return Optional.empty();
    }

    /** Releases native resources; idempotent. The default does nothing. */
    @Override
    default void close() {
    }
}
