package dev.deepfake4j.cli;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DetectorBuilder;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.ClassifierEnsemble;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.models.Classifiers;
import dev.deepfake4j.models.FaceLocators;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code --locator} and {@code --model} into components for the detector. The components made here are owned
 * by the CLI (the detector never closes what it was given), so they are returned for closing after the detector.
 */
final class ComponentChoices {
    private ComponentChoices() {
    }

    /**
     * @return the components created, to close after the detector
     */
    static List<AutoCloseable> apply(DetectorBuilder builder, String locator, List<String> models)
            throws DeepfakeException {
        List<AutoCloseable> created = new ArrayList<>();
        try {
            if (locator != null) {
                FaceLocator l = locator(locator);
                created.add(l);
                builder.faceLocator(l);
            }
            if (models.size() == 1 && Classifiers.isEnsemble(models.get(0))) {
                ClassifierEnsemble preset = Classifiers.preset(models.get(0)); // brings its own rule
                created.add(preset);
                builder.ensemble(preset);
            } else if (!models.isEmpty()) {
                List<Classifier> classifiers = new ArrayList<>();
                for (String m : models) {
                    if (Classifiers.isEnsemble(m)) {
                        throw new UsageException("--model " + m + " is a preset with its own ensemble rule: use it "
                                + "alone, not beside other --model options");
                    }
                    Classifier c = Classifiers.fromRegistry(m);
                    created.add(c);
                    classifiers.add(c);
                }
                builder.classifiers(classifiers);
            }
            return created;
        } catch (DeepfakeException | RuntimeException e) {
            closeAll(created);
            throw e;
        }
    }

    static FaceLocator locator(String name) throws DeepfakeException {
        try {
            return FaceLocators.byName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--locator: " + e.getMessage());
        }
    }

    static void closeAll(List<AutoCloseable> owned) {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing on the way out: the first error is the one to report
            }
        }
    }
}
