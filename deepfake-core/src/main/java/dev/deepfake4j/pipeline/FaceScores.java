package dev.deepfake4j.pipeline;

import java.util.List;

/**
 * Every classifier's P(fake) of every selected face of one video: {@code of(classifier, frame, face)}, frames and
 * faces numbered as in the {@link SampledFrame} list. Filled by the classify stage, then read only.
 */
final class FaceScores {
    /** scores[classifier][frame][face]. */
    private final double[][][] scores;

    FaceScores(int classifiers, List<SampledFrame> frames) {
        scores = new double[classifiers][frames.size()][];
        for (double[][] ofOne : scores) {
            for (int f = 0; f < frames.size(); f++) {
                ofOne[f] = new double[frames.get(f).faces().size()];
            }
        }
    }

    void set(int classifier, int frame, int face, double pFake) {
        scores[classifier][frame][face] = pFake;
    }

    int classifiers() {
        return scores.length;
    }

    double of(int classifier, int frame, int face) {
        return scores[classifier][frame][face];
    }

    /** @return the face's score averaged over the classifiers (the ensemble's per-face score) */
    double mean(int frame, int face) {
        double sum = 0;
        for (double[][] ofOne : scores) {
            sum += ofOne[frame][face] / scores.length;
        }
        return sum;
    }
}
