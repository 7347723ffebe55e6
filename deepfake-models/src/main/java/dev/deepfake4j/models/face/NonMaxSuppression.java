package dev.deepfake4j.models.face;

import dev.deepfake4j.face.FaceBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Non-maximum suppression of overlapping face candidates, in Java so every detector suppresses the same way.
 * Stateless and thread-safe.
 */
final class NonMaxSuppression {
    private NonMaxSuppression() {
    }

    /**
     * Hard NMS: keep the best candidate, drop every other one that overlaps it by more than {@code iou}, repeat.
     *
     * @param candidates boxes with scores (not modified)
     * @param iou the intersection-over-union above which a weaker box is dropped
     * @return the kept boxes, highest score first
     */
    static List<FaceBox> hard(List<FaceBox> candidates, double iou) {
        List<FaceBox> remaining = sortedByScore(candidates);
        List<FaceBox> kept = new ArrayList<>();
        while (!remaining.isEmpty()) {
            FaceBox best = remaining.remove(0);
            kept.add(best);
            remaining.removeIf(b -> b.iou(best) > iou);
        }
        return kept;
    }

    /**
     * Weighted NMS (BlazeFace's, from MediaPipe): the best candidate and every one overlapping it by more than
     * {@code iou} are merged into one box whose coordinates and landmarks are the score-weighted mean of the group,
     * and whose score is the group's mean score (as the reference BlazeFace code does). Repeat on what is left.
     *
     * @param candidates boxes with scores, all with the same number of landmarks (not modified)
     * @param iou the intersection-over-union above which candidates are merged
     * @return the merged boxes, in the order of their best member's score
     */
    static List<FaceBox> weighted(List<FaceBox> candidates, double iou) {
        List<FaceBox> remaining = sortedByScore(candidates);
        List<FaceBox> merged = new ArrayList<>();
        while (!remaining.isEmpty()) {
            FaceBox best = remaining.get(0);
            List<FaceBox> group = new ArrayList<>();
            for (FaceBox b : remaining) {
                if (b == best || b.iou(best) > iou) {
                    group.add(b);
                }
            }
            remaining.removeAll(group);
            merged.add(weightedMean(group));
        }
        return merged;
    }

    private static FaceBox weightedMean(List<FaceBox> group) {
        double total = 0;
        double x1 = 0;
        double y1 = 0;
        double x2 = 0;
        double y2 = 0;
        float[] landmarks = new float[group.get(0).landmarks().length];
        for (FaceBox b : group) {
            double w = b.score();
            total += w;
            x1 += w * b.x1();
            y1 += w * b.y1();
            x2 += w * b.x2();
            y2 += w * b.y2();
            float[] lm = b.landmarks();
            for (int i = 0; i < landmarks.length; i++) {
                landmarks[i] += (float) (w * lm[i]);
            }
        }
        for (int i = 0; i < landmarks.length; i++) {
            landmarks[i] /= (float) total;
        }
        return new FaceBox(x1 / total, y1 / total, x2 / total, y2 / total, total / group.size(), landmarks);
    }

    private static List<FaceBox> sortedByScore(List<FaceBox> candidates) {
        List<FaceBox> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(FaceBox::score).reversed());
        return sorted;
    }
}
