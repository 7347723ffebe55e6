package dev.deepfake4j.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.face.FaceCrop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The occlusion map of an ensemble is of its mean score; a classifier's own map comes after it. */
class ExplanationsTest {
    /** Scores 1 − quadrant brightness, and has an own map: 1 in its top-right cell of a 2×2 grid. */
    static final class AttentiveInverse extends OcclusionSensitivityTest.QuadrantClassifier implements OwnMapClassifier {
        AttentiveInverse() {
            super(32);
        }

        @Override
        public String name() {
            return "attentive";
        }

        @Override
        public synchronized float[] classify(List<FaceCrop> crops) {
            float[] p = super.classify(crops);
            for (int i = 0; i < p.length; i++) {
                p[i] = 1 - p[i];
            }
            return p;
        }

        @Override
        public List<SensitivityMap> ownMaps(List<FaceCrop> crops) {
            return crops.stream().map(c -> new SensitivityMap("attention", 8, 8, 2, 2, 4, 4,
                    new float[] {0, 1, 0, 0}, Double.NaN, 0, 0)).toList();
        }
    }

    @Test
    void anEnsembleIsMappedByItsMeanAndOwnMapsFollow() throws DeepfakeException {
        // quadrant scores 1 on white, the inverse 0: mean 0.5; black over the quadrant: 0 and 1, mean 0.5 again —
        // the two cancel, so the mean's map is 0 everywhere, while each alone would show ±1 there
        List<SensitivityMap> maps = Explanations.of(List.of(new OcclusionSensitivityTest.QuadrantClassifier(4),
                new AttentiveInverse()), OcclusionSensitivityTest.crop(255), new OcclusionOptions(4, 4, 0));
        assertThat(maps).hasSize(2);
        assertThat(maps.get(0).values()).containsExactly(0f, 0f, 0f, 0f);
        assertThat(maps.get(0).baseline()).isCloseTo(0.5, within(1e-6));
        assertThat(maps.get(1).method()).isEqualTo("attention");
        assertThat(maps.get(1).value(1, 0)).isEqualTo(1f);

        List<SensitivityMap> alone = Explanations.of(List.of(new AttentiveInverse()),
                OcclusionSensitivityTest.crop(255), new OcclusionOptions(4, 4, 0));
        assertThat(alone.get(0).values()).containsExactly(0f, -1f, 0f, 0f);
    }

    @Test
    void noClassifierIsRefused() {
        assertThatThrownBy(() -> Explanations.of(List.of(), OcclusionSensitivityTest.crop(0),
                new OcclusionOptions(4, 4, 0))).isInstanceOf(IllegalArgumentException.class);
    }
}
