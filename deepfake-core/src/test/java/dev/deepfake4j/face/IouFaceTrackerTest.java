package dev.deepfake4j.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IouFaceTrackerTest {
    private static FaceBox box(double x, double y, double size) {
        return FaceBox.of(x, y, x + size, y + size, 0.9);
    }

    @Test
    void iouByHand() {
        // 10x10 boxes offset by 5 in x: intersection 50, union 150.
        assertThat(box(0, 0, 10).iou(box(5, 0, 10))).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(box(0, 0, 10).iou(box(20, 0, 10))).isZero();
    }

    @Test
    void keepsFacesAtLeastHalfTheLargest() {
        List<FaceBox> faces = List.of(box(0, 0, 100), box(200, 0, 71), box(400, 0, 70));
        // areas 10000, 5041, 4900: the last is below 5000
        assertThat(FaceTracker.defaults().selectFaces(faces)).containsExactly(faces.get(0), faces.get(1));
    }

    @Test
    void twoPeopleMovingSlowlyMakeTwoTracks() {
        List<List<FaceBox>> frames = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            // listed in alternating order so identity must come from position
            frames.add(f % 2 == 0 ? List.of(box(10 + f * 3, 10, 100), box(500 - f * 3, 20, 100))
                    : List.of(box(500 - f * 3, 20, 100), box(10 + f * 3, 10, 100)));
        }
        int[][] ids = FaceTracker.defaults().track(frames);
        for (int f = 0; f < 10; f++) {
            int left = f % 2 == 0 ? ids[f][0] : ids[f][1];
            int right = f % 2 == 0 ? ids[f][1] : ids[f][0];
            assertThat(left).isEqualTo(0);
            assertThat(right).isEqualTo(1);
        }
    }

    @Test
    void aFastMoveWithoutOverlapStillLinksByCentreDistance() {
        // 100 px face moving 60 px per sample: IoU 40*100 / (20000 - 4000) = 0.25 < 0.3, centre shift 60 <= 100
        List<List<FaceBox>> frames = List.of(List.of(box(0, 0, 100)), List.of(box(60, 0, 100)), List.of(box(120, 0, 100)));
        int[][] ids = FaceTracker.defaults().track(frames);
        assertThat(ids[0][0]).isZero();
        assertThat(ids[1][0]).isZero();
        assertThat(ids[2][0]).isZero();
    }

    @Test
    void shortSpuriousTracksAreDropped() {
        List<List<FaceBox>> frames = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            frames.add(f == 3 ? List.of(box(0, 0, 100), box(800, 800, 100)) : List.of(box(0, 0, 100)));
        }
        int[][] ids = FaceTracker.defaults().track(frames);
        assertThat(ids[3]).containsExactly(0, -1); // length 1 < 0.25 * 8
        assertThat(new IouFaceTracker(0.3, 1.0, 0.5, 0).track(frames)[3]).containsExactly(0, 1);
    }

    @Test
    void aTrackSurvivesAMissedFrame() {
        List<List<FaceBox>> frames = List.of(List.of(box(0, 0, 100)), List.of(), List.of(box(5, 0, 100)));
        int[][] ids = FaceTracker.defaults().track(frames);
        assertThat(ids[0]).containsExactly(0);
        assertThat(ids[1]).isEmpty();
        assertThat(ids[2]).containsExactly(0);
    }

    @Test
    void cropPolicyRegions() {
        FaceBox face = FaceBox.of(100, 100, 200, 140, 1); // 100 x 40, centre (150, 120)
        FaceBox sq = CropPolicy.DEFAULT.region(face); // side 130
        assertThat(sq.x1()).isCloseTo(85, within(1e-9));
        assertThat(sq.y1()).isCloseTo(55, within(1e-9));
        assertThat(sq.width()).isCloseTo(130, within(1e-9));
        assertThat(sq.height()).isCloseTo(130, within(1e-9));
        FaceBox prop = CropPolicy.proportional(5 / 3.0).region(face); // a third of each side added on each side
        assertThat(prop.x1()).isCloseTo(100 - 100 / 3.0, within(1e-9));
        assertThat(prop.y2()).isCloseTo(140 + 40 / 3.0, within(1e-9));
    }

    @Test
    void boxesScaleBackToTheOriginalFrame() {
        FaceBox small = new FaceBox(10, 20, 30, 40, 0.8, new float[] {15, 25});
        FaceBox big = small.scaled(3, 2);
        assertThat(big.x1()).isEqualTo(30);
        assertThat(big.y2()).isEqualTo(80);
        assertThat(big.landmarks()).containsExactly(45f, 50f);
        assertThat(big.score()).isEqualTo(0.8);
    }
}
