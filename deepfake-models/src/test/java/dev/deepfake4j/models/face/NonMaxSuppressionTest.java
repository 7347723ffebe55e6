package dev.deepfake4j.models.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.face.FaceBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Suppression on boxes whose overlaps are worked out by hand. */
class NonMaxSuppressionTest {
    // a and b: 10x10 squares offset by 1 pixel, IoU = 90/110 = 0.818; c far away.
    private final FaceBox a = FaceBox.of(0, 0, 10, 10, 0.9);
    private final FaceBox b = FaceBox.of(1, 0, 11, 10, 0.6);
    private final FaceBox c = FaceBox.of(50, 50, 60, 60, 0.8);
    // d overlaps a by IoU 50/150 = 0.333.
    private final FaceBox d = FaceBox.of(5, 0, 15, 10, 0.95);

    @Test
    void hardKeepsTheBestOfEachOverlappingGroupHighestFirst() {
        assertThat(NonMaxSuppression.hard(List.of(b, c, a), 0.3)).containsExactly(a, c);
    }

    @Test
    void hardKeepsBoxesOverlappingLessThanTheThreshold() {
        assertThat(NonMaxSuppression.hard(List.of(a, d), 0.5)).containsExactly(d, a);
        assertThat(NonMaxSuppression.hard(List.of(a, d), 0.3)).containsExactly(d);
    }

    @Test
    void weightedMergesAGroupIntoTheScoreWeightedMeanBox() {
        List<FaceBox> merged = NonMaxSuppression.weighted(List.of(b, a), 0.3);
        assertThat(merged).hasSize(1);
        FaceBox m = merged.get(0);
        // x1 = (0.9*0 + 0.6*1) / 1.5 = 0.4; x2 = (0.9*10 + 0.6*11) / 1.5 = 10.4; score = mean(0.9, 0.6) = 0.75.
        assertThat(m.x1()).isCloseTo(0.4, within(1e-9));
        assertThat(m.x2()).isCloseTo(10.4, within(1e-9));
        assertThat(m.y1()).isCloseTo(0, within(1e-9));
        assertThat(m.y2()).isCloseTo(10, within(1e-9));
        assertThat(m.score()).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void weightedAveragesLandmarksByScore() {
        FaceBox p = new FaceBox(0, 0, 10, 10, 0.75, new float[] {2, 4});
        FaceBox q = new FaceBox(0, 1, 10, 11, 0.25, new float[] {6, 8});
        FaceBox m = NonMaxSuppression.weighted(List.of(p, q), 0.3).get(0);
        // (0.75*2 + 0.25*6) / 1 = 3; (0.75*4 + 0.25*8) / 1 = 5.
        assertThat(m.landmarks()).containsExactly(3f, 5f);
    }

    @Test
    void weightedLeavesSeparateFacesApart() {
        assertThat(NonMaxSuppression.weighted(List.of(a, c), 0.3)).containsExactly(a, c);
    }

    @Test
    void nothingInNothingOut() {
        assertThat(NonMaxSuppression.hard(List.of(), 0.3)).isEmpty();
        assertThat(NonMaxSuppression.weighted(List.of(), 0.3)).isEmpty();
    }
}
