package dev.deepfake4j.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.PixelFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Occlusion maps with a classifier whose P(fake) is the mean brightness of one known region of an 8×8 crop (the
 * top-right quadrant, x 4..7, y 0..3): covering that region must lower P(fake), covering anything else must not.
 */
class OcclusionSensitivityTest {
    /** P(fake) = mean of channel 0 over x 4..7, y 0..3, divided by 255; records batch sizes. */
    static class QuadrantClassifier implements Classifier {
        final List<Integer> batches = new ArrayList<>();
        final int maxBatch;

        QuadrantClassifier(int maxBatch) {
            this.maxBatch = maxBatch;
        }

        @Override
        public InputSpec inputSpec() {
            return InputSpec.builder(8, 8).build();
        }

        @Override
        public String name() {
            return "quadrant";
        }

        @Override
        public int maxBatchSize() {
            return maxBatch;
        }

        @Override
        public synchronized float[] classify(List<FaceCrop> crops) {
            batches.add(crops.size());
            float[] out = new float[crops.size()];
            for (int i = 0; i < out.length; i++) {
                int sum = 0;
                for (int y = 0; y < 4; y++) {
                    for (int x = 4; x < 8; x++) {
                        sum += crops.get(i).sample(x, y, 0);
                    }
                }
                out[i] = sum / 16f / 255f;
            }
            return out;
        }
    }

    /** An 8×8 crop in the classifier's colour order, every byte {@code value}. */
    static FaceCrop crop(int value) {
        byte[] px = new byte[8 * 8 * 3];
        Arrays.fill(px, (byte) value);
        return new FaceCrop(3, 0.1, FaceBox.of(0, 0, 8, 8, 1), 8, 8, InputSpec.builder(8, 8).build().channels(), px);
    }

    @Test
    void aBlackPatchOverTheRegionDropsPFakeByOneAndNowhereElse() throws DeepfakeException {
        QuadrantClassifier c = new QuadrantClassifier(2);
        SensitivityMap m = OcclusionSensitivity.map(c, crop(255), new OcclusionOptions(4, 4, 0));

        // 2×2 positions; the white crop scores 1; black over the top-right quadrant scores 0: drop 1
        assertThat(m.cols()).isEqualTo(2);
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.values()).containsExactly(0f, 1f, 0f, 0f);
        assertThat(m.baseline()).isCloseTo(1.0, within(1e-6));
        assertThat(m.method()).isEqualTo(SensitivityMap.OCCLUSION);
        // 4 covered copies + the crop itself = 5 crops, in batches of 2
        assertThat(m.classifierCalls()).isEqualTo(5);
        assertThat(c.batches).containsExactly(2, 2, 1);
        assertThat(m.millis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void overlappingPatchesDropInProportionToTheRegionTheyCover() throws DeepfakeException {
        SensitivityMap m = OcclusionSensitivity.map(new QuadrantClassifier(32), crop(255),
                new OcclusionOptions(4, 2, 0));

        // positions x, y ∈ {0, 2, 4}: 3×3. A patch at (x, y) covers x..x+3 × y..y+3; of the region's 16 pixels
        // it blackens (overlap in x) × (overlap in y): x=0 → 0, x=2 → 2 (x 4, 5), x=4 → 4; y=0 → 4, y=2 → 2, y=4 → 0
        assertThat(m.cols()).isEqualTo(3);
        assertThat(m.rows()).isEqualTo(3);
        assertThat(m.value(0, 0)).isEqualTo(0f);
        assertThat(m.value(1, 0)).isCloseTo(8 / 16f, within(1e-6f));
        assertThat(m.value(2, 0)).isCloseTo(1f, within(1e-6f));
        assertThat(m.value(1, 1)).isCloseTo(4 / 16f, within(1e-6f));
        assertThat(m.value(2, 1)).isCloseTo(8 / 16f, within(1e-6f));
        assertThat(m.value(2, 2)).isEqualTo(0f);
        assertThat(m.max()).isEqualTo(m.value(2, 0));
        assertThat(m.classifierCalls()).isEqualTo(10);
        // the drawn tile of a square is its middle stride: square (1, 0) covers x 2..5, its tile x 3..4
        assertThat(m.tileSize()).isEqualTo(2);
        assertThat(m.tileX(1)).isEqualTo(3);
        assertThat(m.tileY(0)).isEqualTo(1);
    }

    @Test
    void theCropMeanFillIsTheMeanColourOfTheCrop() throws DeepfakeException {
        // white top-right quadrant on black: mean 16 × 255 / 64 = 63.75 → 64; covering the quadrant with 64 leaves
        // P(fake) = 64 / 255, a drop of 1 − 64/255 = 0.74902
        byte[] px = new byte[8 * 8 * 3];
        for (int y = 0; y < 4; y++) {
            for (int x = 4; x < 8; x++) {
                Arrays.fill(px, (y * 8 + x) * 3, (y * 8 + x) * 3 + 3, (byte) 255);
            }
        }
        FaceCrop crop = new FaceCrop(0, 0, FaceBox.of(0, 0, 8, 8, 1), 8, 8, PixelFormat.RGB24, px);
        SensitivityMap m = OcclusionSensitivity.map(new QuadrantClassifier(32), crop,
                new OcclusionOptions(4, 4, OcclusionOptions.CROP_MEAN));
        assertThat(m.value(1, 0)).isCloseTo(1 - 64 / 255f, within(1e-6f));
        assertThat(m.value(0, 0)).isEqualTo(0f);
    }

    @Test
    void theSameCropGivesTheSameMapAndTheCropIsNotChanged() throws DeepfakeException {
        FaceCrop crop = crop(200);
        SensitivityMap a = OcclusionSensitivity.map(new QuadrantClassifier(3), crop);
        SensitivityMap b = OcclusionSensitivity.map(new QuadrantClassifier(7), crop);
        assertThat(a).isEqualTo(b);
        assertThat(crop.sample(5, 1, 0)).isEqualTo(200);
        // defaults for 8×8: patch round(8 / 6) = 1, stride max(1, 0) = 1 → 8×8 positions, 65 crops
        assertThat(a.cols()).isEqualTo(8);
        assertThat(a.classifierCalls()).isEqualTo(65);
    }

    @Test
    void badArgumentsAreRefusedNamingWhatIsWrong() {
        QuadrantClassifier c = new QuadrantClassifier(4);
        assertThatThrownBy(() -> new OcclusionOptions(0, 1, 0)).hasMessageContaining("patch must be at least 1");
        assertThatThrownBy(() -> new OcclusionOptions(2, 0, 0)).hasMessageContaining("stride must be at least 1");
        assertThatThrownBy(() -> new OcclusionOptions(2, 1, 256)).hasMessageContaining("0..255");
        assertThatThrownBy(() -> OcclusionSensitivity.map(c, crop(0), new OcclusionOptions(9, 1, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9-pixel patch does not fit");
        FaceCrop wrongSize = new FaceCrop(0, 0, FaceBox.of(0, 0, 4, 4, 1), 4, 4, PixelFormat.BGR24, new byte[48]);
        assertThatThrownBy(() -> OcclusionSensitivity.map(c, wrongSize))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quadrant takes 8x8");
        assertThatThrownBy(() -> OcclusionSensitivity.map(null, crop(0))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aClassifierThatReturnsTooFewScoresIsABackendFailure() {
        Classifier broken = new QuadrantClassifier(4) {
            @Override
            public synchronized float[] classify(List<FaceCrop> crops) {
                return new float[1];
            }
        };
        assertThatThrownBy(() -> OcclusionSensitivity.map(broken, crop(0), new OcclusionOptions(4, 4, 0)))
                .isInstanceOf(DeepfakeException.class).hasMessageContaining("returned 1 scores for 4 crops")
                .extracting(e -> ((DeepfakeException) e).code()).isEqualTo(ErrorCode.BACKEND_FAILURE);
    }
}
