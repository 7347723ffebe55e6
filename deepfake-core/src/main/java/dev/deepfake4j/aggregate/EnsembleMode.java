package dev.deepfake4j.aggregate;

/** How the scores of several classifiers (an ensemble) become one score per track. */
public enum EnsembleMode {
    /** Average the classifiers' scores of each face, then aggregate the faces of a track (the default). */
    FACE_MEAN,
    /**
     * Aggregate each classifier's face scores of a track on its own, then average the classifiers — what the DFDC
     * 1st place's {@code kernel_utils.py} does (confident strategy per model, then the mean of the models).
     */
    MODEL_MEAN
}
