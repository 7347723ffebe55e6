package dev.deepfake4j.pipeline;

import dev.deepfake4j.FrameResult;
import dev.deepfake4j.Label;
import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.aggregate.EnsembleMode;
import dev.deepfake4j.calibrate.Calibration;
import dev.deepfake4j.face.FaceTrack;
import dev.deepfake4j.face.TrackedFace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns face scores into the video's verdict: faces grouped by track, each track aggregated (for an ensemble
 * either on the mean face score or per classifier and then averaged, by {@link EnsembleMode}), tracks aggregated
 * into the video score, which is clipped to [ε, 1 − ε]. With a {@link Calibration}, that clipped raw score goes
 * through it, the result is clipped again, and the label is taken from the calibrated score. Fewer kept faces than
 * {@code minFaces} give the prior and the label {@link Label#UNKNOWN}: no evidence is not a verdict of REAL. The
 * prior is not calibrated: a map is fitted on classifier scores of videos with faces, and the prior is no such
 * score — sending it through the map would turn "no evidence" into whatever the map says about a raw 0.5.
 * Immutable and thread-safe.
 */
final class AggregateStage {
    private final Aggregation faceAggregation;
    private final Aggregation trackAggregation;
    private final EnsembleMode ensembleMode;
    private final double threshold;
    private final double clipEpsilon;
    private final double noFacePrior;
    private final int minFaces;
    private final Calibration calibration;

    AggregateStage(Aggregation faceAggregation, Aggregation trackAggregation, EnsembleMode ensembleMode,
            double threshold, double clipEpsilon, double noFacePrior, int minFaces) {
        this(faceAggregation, trackAggregation, ensembleMode, threshold, clipEpsilon, noFacePrior, minFaces, null);
    }

    AggregateStage(Aggregation faceAggregation, Aggregation trackAggregation, EnsembleMode ensembleMode,
            double threshold, double clipEpsilon, double noFacePrior, int minFaces, Calibration calibration) {
        this.calibration = calibration;
        this.faceAggregation = faceAggregation;
        this.trackAggregation = trackAggregation;
        this.ensembleMode = ensembleMode;
        this.threshold = threshold;
        this.clipEpsilon = clipEpsilon;
        this.noFacePrior = noFacePrior;
        this.minFaces = minFaces;
    }

    /**
     * @param sampled the sampled frames with their selected faces
     * @param trackOf {@code trackOf[frame][face]}: the face's track, or −1 for a face in no kept track
     * @param scores every classifier's score of every selected face
     */
    Verdict aggregate(List<SampledFrame> sampled, int[][] trackOf, FaceScores scores) {
        List<List<TrackedFace>> byTrack = new ArrayList<>();
        List<List<int[]>> positions = new ArrayList<>(); // (frame, face) of each tracked face, per track
        List<FrameResult> frames = new ArrayList<>(sampled.size());
        for (int f = 0; f < sampled.size(); f++) {
            SampledFrame frame = sampled.get(f);
            List<TrackedFace> kept = new ArrayList<>();
            for (int i = 0; i < frame.faces().size(); i++) {
                int track = trackOf[f][i];
                if (track < 0) {
                    continue;
                }
                TrackedFace face = new TrackedFace(frame.index(), frame.pts(), frame.faces().get(i), track,
                        scores.mean(f, i), frame.crops().isEmpty() ? null : frame.crops().get(i));
                kept.add(face);
                while (byTrack.size() <= track) {
                    byTrack.add(new ArrayList<>());
                    positions.add(new ArrayList<>());
                }
                byTrack.get(track).add(face);
                positions.get(track).add(new int[] {f, i});
            }
            frames.add(new FrameResult(frame.index(), frame.pts(), kept, frame.thumbnail()));
        }
        List<FaceTrack> tracks = new ArrayList<>(byTrack.size());
        double[] trackScores = new double[byTrack.size()];
        int faces = 0;
        int kept = 0;
        for (int t = 0; t < byTrack.size(); t++) {
            if (byTrack.get(t).isEmpty()) {
                continue; // a plug-in tracker that skips an id: an empty track is no evidence, not a score of 0.5
            }
            trackScores[kept++] = trackScore(byTrack.get(t), positions.get(t), scores);
            tracks.add(new FaceTrack(t, byTrack.get(t), trackScores[kept - 1]));
            faces += byTrack.get(t).size();
        }
        trackScores = Arrays.copyOf(trackScores, kept);
        if (tracks.isEmpty() || faces < minFaces) {
            String why = tracks.isEmpty()
                    ? "No face found in " + sampled.size() + " sampled frames"
                    : "Only " + faces + " face(s) kept in " + sampled.size() + " sampled frames, fewer than the "
                            + minFaces + " needed to judge (DetectorBuilder.minFaces)";
            return new Verdict(frames, tracks, clip(noFacePrior), clip(noFacePrior), Label.UNKNOWN,
                    Optional.of(why + "; the verdict is UNKNOWN and p_fake is the prior " + clip(noFacePrior)));
        }
        double raw = clip(trackAggregation.aggregate(trackScores));
        double pFake = calibration == null ? raw : clip(calibration.apply(raw));
        return new Verdict(frames, tracks, pFake, raw, Label.of(pFake, threshold), Optional.empty());
    }

    private double trackScore(List<TrackedFace> faces, List<int[]> positions, FaceScores scores) {
        if (ensembleMode == EnsembleMode.MODEL_MEAN && scores.classifiers() > 1) {
            double sum = 0;
            for (int c = 0; c < scores.classifiers(); c++) {
                int classifier = c;
                sum += faceAggregation.aggregate(positions.stream()
                        .mapToDouble(p -> scores.of(classifier, p[0], p[1])).toArray());
            }
            return sum / scores.classifiers();
        }
        return faceAggregation.aggregate(faces.stream().mapToDouble(TrackedFace::pFake).toArray());
    }

    private double clip(double p) {
        return Math.max(clipEpsilon, Math.min(1 - clipEpsilon, p));
    }
}
