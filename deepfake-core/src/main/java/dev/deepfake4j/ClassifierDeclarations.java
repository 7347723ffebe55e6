package dev.deepfake4j;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.calibrate.Calibration;
import dev.deepfake4j.classify.Classifier;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the classifiers themselves declare that a detector uses when its builder does not say otherwise: the face
 * aggregation of the models' authors ({@link Classifier#faceAggregation()}) and a calibration carried by the model
 * ({@link Classifier#calibration()}). Stateless.
 */
final class ClassifierDeclarations {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierDeclarations.class);

    private ClassifierDeclarations() {
    }

    /**
     * @return the face aggregation every classifier declares, when they all declare the same one; else the
     *         confident strategy
     */
    static Aggregation faceAggregation(List<Classifier> classifiers) {
        Set<String> declared = new HashSet<>();
        Aggregation first = null;
        for (Classifier c : classifiers) {
            Optional<Aggregation> a = c.faceAggregation();
            if (a.isEmpty()) {
                return Aggregation.confidentStrategy();
            }
            declared.add(a.get().toString());
            first = first == null ? a.get() : first;
        }
        if (first == null || declared.size() != 1) {
            return Aggregation.confidentStrategy();
        }
        LOG.debug("Face aggregation {} as the classifiers declare", first);
        return first;
    }

    /**
     * @return the calibration the only classifier carries ({@link Classifier#calibration()}), else {@code null};
     *         members of an ensemble that carry one are logged and not applied: a member's map was fitted on that
     *         model's video scores, not the ensemble's
     */
    static Calibration calibration(List<Classifier> classifiers) {
        if (classifiers.size() == 1) {
            Optional<Calibration> carried = classifiers.get(0).calibration();
            carried.ifPresent(c -> LOG.debug("Applying the calibration {} carried by {}", c.method(),
                    classifiers.get(0).name()));
            return carried.orElse(null);
        }
        for (Classifier c : classifiers) {
            if (c.calibration().isPresent()) {
                LOG.warn("{} carries a calibration, which is not applied to an ensemble of {} classifiers; fit one"
                        + " for the ensemble with 'deepfake4j calibrate' and set it on the builder", c.name(),
                        classifiers.size());
            }
        }
        return null;
    }
}
