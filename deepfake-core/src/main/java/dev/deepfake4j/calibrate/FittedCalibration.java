package dev.deepfake4j.calibrate;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A calibration map with the record of what it was fitted on. {@code DetectorBuilder.calibration} refuses one
 * whose {@link #models()} differ from the detector's classifiers: a map fitted on one model's scores means nothing
 * for another's. Immutable and thread-safe.
 *
 * @param map the map itself
 * @param files labelled videos that scored and were fitted on
 * @param fakes how many of them were FAKE
 * @param reals how many were REAL
 * @param models the detector's classifier names ({@code Classifier.name()}), in order; empty when unknown, and
 *        then the map attaches to any detector
 * @param detector the detector's {@code describe()} when fitted, for people (not checked); may be empty
 * @param fittedAt when it was fitted
 * @param folds cross-validation folds used to choose the map (0 when not chosen by {@link CalibrationFit})
 * @param cvLogLoss {@code "raw"} and each candidate → cross-validated log loss (may be empty)
 */
public record FittedCalibration(Calibration map, int files, int fakes, int reals, List<String> models,
        String detector, Instant fittedAt, int folds, Map<String, Double> cvLogLoss) implements Calibration {

    /** Checks and copies. */
    public FittedCalibration {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(fittedAt, "fittedAt");
        checkArgument(!(map instanceof FittedCalibration), "a fitted calibration cannot wrap another");
        checkArgument(files >= 0 && fakes >= 0 && reals >= 0 && fakes + reals == files,
                "label counts must add up: %s files, %s fakes, %s reals", files, fakes, reals);
        checkArgument(folds >= 0, "folds must not be negative: %s", folds);
        models = List.copyOf(models);
        cvLogLoss = Collections.unmodifiableMap(new LinkedHashMap<>(cvLogLoss));
    }

    /**
     * @param fit the cross-validated choice
     * @param isFake the labels it was fitted on
     * @param models the detector's classifier names
     * @param detector the detector's description
     * @param fittedAt when
     * @return the fit's map with its record
     */
    public static FittedCalibration of(CalibrationFit fit, boolean[] isFake, List<String> models, String detector,
            Instant fittedAt) {
        int fakes = 0;
        for (boolean f : isFake) {
            fakes += f ? 1 : 0;
        }
        return new FittedCalibration(fit.best(), isFake.length, fakes, isFake.length - fakes, models, detector,
                fittedAt, fit.folds(), fit.cvLogLoss());
    }

    @Override
    public double apply(double rawPFake) {
        return map.apply(rawPFake);
    }

    @Override
    public String method() {
        return map.method();
    }

    /**
     * @param classifierNames the detector's classifier names, in order
     * @throws IllegalArgumentException naming both lists when {@link #models()} is not empty and differs
     */
    public void checkModels(List<String> classifierNames) {
        if (!models.isEmpty() && !models.equals(classifierNames)) {
            throw new IllegalArgumentException("The calibration was fitted for the models " + models
                    + " but the detector runs " + classifierNames + "; fit one for these models (deepfake4j calibrate)");
        }
    }
}
