package dev.deepfake4j.pipeline;

import static dev.deepfake4j.pipeline.StageFakes.box;
import static dev.deepfake4j.pipeline.StageFakes.sampled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.FrameResult;
import dev.deepfake4j.Label;
import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.aggregate.EnsembleMode;
import dev.deepfake4j.face.FaceTrack;
import dev.deepfake4j.face.TrackedFace;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateStageTest {
    private static final double EPS = 1e-12;
    private static final double CLIP = 0.01;
    private static final double PRIOR = 0.3;

    private static AggregateStage stage(Aggregation faces, Aggregation tracks, EnsembleMode mode, int minFaces) {
        return new AggregateStage(faces, tracks, mode, 0.5, CLIP, PRIOR, minFaces);
    }

    private static AggregateStage meanOfMeans(int minFaces) {
        return stage(Aggregation.mean(), Aggregation.mean(), EnsembleMode.FACE_MEAN, minFaces);
    }

    /** @return one classifier's scores, {@code byFrame[frame][face]} */
    private static FaceScores scores(List<SampledFrame> frames, double[][]... byClassifier) {
        FaceScores s = new FaceScores(byClassifier.length, frames);
        for (int c = 0; c < byClassifier.length; c++) {
            for (int f = 0; f < byClassifier[c].length; f++) {
                for (int i = 0; i < byClassifier[c][f].length; i++) {
                    s.set(c, f, i, byClassifier[c][f][i]);
                }
            }
        }
        return s;
    }

    // one track of two faces; classifier 0 says 0.2 then 0.8, classifier 1 says 0.6 then 0.4
    private static final List<SampledFrame> TWO_FRAMES = List.of(sampled(0, 1), sampled(1, 1));
    private static final int[][] ONE_TRACK = {{0}, {0}};
    private static final FaceScores ENSEMBLE = scores(TWO_FRAMES, new double[][] {{0.2}, {0.8}},
            new double[][] {{0.6}, {0.4}});

    @Test
    void faceMeanAveragesTheClassifiersPerFaceBeforeTheFaceAggregation() {
        Verdict v = stage(Aggregation.max(), Aggregation.mean(), EnsembleMode.FACE_MEAN, 1)
                .aggregate(TWO_FRAMES, ONE_TRACK, ENSEMBLE);
        // face means (0.2+0.6)/2 = 0.4 and (0.8+0.4)/2 = 0.6; max = 0.6
        assertThat(v.tracks()).singleElement().satisfies(t -> assertThat(t.pFake()).isCloseTo(0.6, within(EPS)));
        assertThat(v.pFake()).isCloseTo(0.6, within(EPS));
        assertThat(v.label()).isEqualTo(Label.FAKE);
        assertThat(v.warning()).isEmpty();
    }

    @Test
    void modelMeanAggregatesEachClassifierThenAveragesThem() {
        Verdict v = stage(Aggregation.max(), Aggregation.mean(), EnsembleMode.MODEL_MEAN, 1)
                .aggregate(TWO_FRAMES, ONE_TRACK, ENSEMBLE);
        // max of classifier 0 = 0.8, of classifier 1 = 0.6; mean = 0.7 (not FACE_MEAN's 0.6)
        assertThat(v.tracks()).singleElement().satisfies(t -> assertThat(t.pFake()).isCloseTo(0.7, within(EPS)));
        assertThat(v.pFake()).isCloseTo(0.7, within(EPS));
        // each face still reports the ensemble's mean score: 0.4 and 0.6
        assertThat(v.tracks().get(0).faces()).extracting(TrackedFace::pFake)
                .satisfiesExactly(p -> assertThat(p).isCloseTo(0.4, within(EPS)),
                        p -> assertThat(p).isCloseTo(0.6, within(EPS)));
    }

    @Test
    void aTrackIdThatNoFaceHasIsNoEvidence() {
        // a plug-in tracker numbers its tracks 0 and 2: track 1 is empty and must not score (an empty mean is 0.5)
        List<SampledFrame> frames = List.of(sampled(0, 2), sampled(1, 2));
        int[][] trackOf = {{0, 2}, {0, 2}};
        FaceScores s = scores(frames, new double[][] {{0.1, 0.3}, {0.1, 0.3}});
        Verdict v = stage(Aggregation.mean(), Aggregation.max(), EnsembleMode.FACE_MEAN, 1).aggregate(frames, trackOf, s);
        // tracks 0.1 and 0.3; max = 0.3, not the 0.5 an empty track 1 would give
        assertThat(v.tracks()).extracting(FaceTrack::id).containsExactly(0, 2);
        assertThat(v.pFake()).isCloseTo(0.3, within(EPS));
    }

    @Test
    void theVideoIsTheMaxOverTracksWithFacesSortedIntoTheirTracks() {
        // frame 40: faces (A, B); frame 41: faces (B, A); A is track 0, B is track 1
        List<SampledFrame> frames = List.of(sampled(40, 2), sampled(41, 2));
        int[][] trackOf = {{0, 1}, {1, 0}};
        FaceScores s = scores(frames, new double[][] {{0.2, 0.9}, {0.7, 0.4}});
        Verdict v = stage(Aggregation.mean(), Aggregation.max(), EnsembleMode.MODEL_MEAN, 1)
                .aggregate(frames, trackOf, s);
        // track 0 = mean(0.2, 0.4) = 0.3, track 1 = mean(0.9, 0.7) = 0.8; video = max = 0.8
        assertThat(v.tracks()).extracting(FaceTrack::id).containsExactly(0, 1);
        assertThat(v.tracks().get(0).pFake()).isCloseTo(0.3, within(EPS));
        assertThat(v.tracks().get(1).pFake()).isCloseTo(0.8, within(EPS));
        assertThat(v.pFake()).isCloseTo(0.8, within(EPS));
        assertThat(v.label()).isEqualTo(Label.FAKE);
        // track 1's faces: frame 40's face 1 then frame 41's face 0
        assertThat(v.tracks().get(1).faces()).extracting(TrackedFace::frameIndex).containsExactly(40, 41);
        assertThat(v.tracks().get(1).faces()).extracting(TrackedFace::box).containsExactly(box(1), box(0));
        assertThat(v.tracks().get(1).faces()).allSatisfy(f -> assertThat(f.trackId()).isEqualTo(1));
        assertThat(v.frames()).extracting(FrameResult::index).containsExactly(40, 41);
        assertThat(v.frames().get(1).ptsSeconds()).isCloseTo(4.1, within(EPS));
    }

    @Test
    void theVideoScoreIsClippedToEpsilonButTrackScoresAreNot() {
        List<SampledFrame> one = List.of(sampled(0, 1));
        Verdict low = meanOfMeans(1).aggregate(one, new int[][] {{0}}, scores(one, new double[][] {{0.0}}));
        // 0.0 → ε = 0.01
        assertThat(low.pFake()).isCloseTo(CLIP, within(EPS));
        assertThat(low.tracks().get(0).pFake()).isZero();
        assertThat(low.label()).isEqualTo(Label.REAL);
        Verdict high = meanOfMeans(1).aggregate(one, new int[][] {{0}}, scores(one, new double[][] {{1.0}}));
        // 1.0 → 1 − ε = 0.99
        assertThat(high.pFake()).isCloseTo(1 - CLIP, within(EPS));
        assertThat(high.label()).isEqualTo(Label.FAKE);
    }

    @Test
    void noFaceIsUnknownWithThePriorAndKeepsTheFrames() {
        List<SampledFrame> frames = List.of(sampled(0, 0), sampled(5, 0));
        Verdict v = meanOfMeans(1).aggregate(frames, new int[][] {{}, {}}, scores(frames, new double[][] {{}, {}}));
        assertThat(v.label()).isEqualTo(Label.UNKNOWN);
        assertThat(v.pFake()).isCloseTo(PRIOR, within(EPS));
        assertThat(v.tracks()).isEmpty();
        assertThat(v.frames()).extracting(FrameResult::index).containsExactly(0, 5);
        assertThat(v.warning()).hasValueSatisfying(w -> assertThat(w).contains("No face found in 2 sampled frames"));
    }

    @Test
    void fewerFacesThanMinFacesIsUnknownButTheTracksAreReported() {
        List<SampledFrame> frames = List.of(sampled(0, 1), sampled(1, 1));
        FaceScores s = scores(frames, new double[][] {{0.9}, {0.9}});
        // 2 kept faces < minFaces 3
        Verdict v = meanOfMeans(3).aggregate(frames, ONE_TRACK, s);
        assertThat(v.label()).isEqualTo(Label.UNKNOWN);
        assertThat(v.pFake()).isCloseTo(PRIOR, within(EPS));
        assertThat(v.tracks()).singleElement().satisfies(t -> assertThat(t.pFake()).isCloseTo(0.9, within(EPS)));
        assertThat(v.warning()).hasValueSatisfying(w -> assertThat(w).contains("Only 2 face(s)").contains("3"));
        // 2 faces = minFaces 2: a verdict, mean 0.9 → FAKE
        Verdict enough = meanOfMeans(2).aggregate(frames, ONE_TRACK, s);
        assertThat(enough.label()).isEqualTo(Label.FAKE);
        assertThat(enough.pFake()).isCloseTo(0.9, within(EPS));
        assertThat(enough.warning()).isEmpty();
    }

    @Test
    void facesInNoTrackAreLeftOutButTheirFramesKept() {
        // frame 0: face 0 in track 0 (0.2), face 1 in no track (1.0); frame 1: its only face in no track (1.0)
        List<SampledFrame> frames = List.of(sampled(0, 2), sampled(1, 1));
        int[][] trackOf = {{0, -1}, {-1}};
        FaceScores s = scores(frames, new double[][] {{0.2, 1.0}, {1.0}});
        Verdict v = meanOfMeans(1).aggregate(frames, trackOf, s);
        // only the 0.2 face counts: video 0.2, REAL (the untracked 1.0s would have made it FAKE)
        assertThat(v.pFake()).isCloseTo(0.2, within(EPS));
        assertThat(v.label()).isEqualTo(Label.REAL);
        assertThat(v.tracks()).singleElement().satisfies(t -> assertThat(t.faces()).hasSize(1));
        assertThat(v.frames()).hasSize(2);
        assertThat(v.frames().get(0).faces()).extracting(TrackedFace::box).containsExactly(box(0));
        assertThat(v.frames().get(1).faces()).isEmpty();
        // with minFaces 2 only 1 face is kept, so the untracked ones do not count towards it either
        assertThat(meanOfMeans(2).aggregate(frames, trackOf, s).label()).isEqualTo(Label.UNKNOWN);
    }

    @Test
    void onlyUntrackedFacesIsNoFace() {
        List<SampledFrame> frames = List.of(sampled(0, 1));
        Verdict v = meanOfMeans(1).aggregate(frames, new int[][] {{-1}}, scores(frames, new double[][] {{0.9}}));
        assertThat(v.label()).isEqualTo(Label.UNKNOWN);
        assertThat(v.warning()).hasValueSatisfying(w -> assertThat(w).startsWith("No face found"));
    }
}
