package dev.deepfake4j.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The regions a crop policy cuts, worked out by hand. */
class CropPolicyTest {
    private static final FaceBox BOX = FaceBox.of(100, 200, 180, 300, 0.9); // 80 wide, 100 high

    @Test
    void marginsScaleAroundTheCentre() {
        assertThat(CropPolicy.proportional(1.5).region(BOX)).isEqualTo(FaceBox.of(80, 175, 200, 325, 0.9));
        assertThat(CropPolicy.square(1.2).region(BOX)).isEqualTo(FaceBox.of(80, 190, 200, 310, 0.9));
    }

    @Test
    void heightPaddingGrowsEachSideByAFractionOfTheHeight() {
        // ICPR 2020: off = 0.2·h = 20 left, right and below, 2·off = 40 above.
        CropPolicy icpr = CropPolicy.heightPadding(0.2, 0.4, 0.2, 0.2);

        assertThat(icpr.region(BOX)).isEqualTo(FaceBox.of(80, 160, 200, 320, 0.9));
        assertThat(icpr.padded()).isTrue();
        assertThat(CropPolicy.DEFAULT.padded()).isFalse();
        assertThat(new CropPolicy(1.3, true)).isEqualTo(new CropPolicy(1.3, true, 0, 0, 0, 0));
    }

    @Test
    void paddingOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> CropPolicy.heightPadding(-0.1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> CropPolicy.heightPadding(0, 0, 0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
