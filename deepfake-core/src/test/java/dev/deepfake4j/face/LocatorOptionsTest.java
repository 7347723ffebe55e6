package dev.deepfake4j.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocatorOptionsTest {
    private static FaceBox face(double size, double score) {
        return FaceBox.of(0, 0, size, size, score);
    }

    @Test
    void bestSortsByDescendingScoreAndKeepsAtMostMaxFaces() {
        FaceBox low = face(10, 0.2);
        FaceBox high = face(10, 0.9);
        FaceBox middle = face(10, 0.5);
        LocatorOptions options = LocatorOptions.builder().maxFaces(2).build();

        assertThat(options.best(List.of(low, high, middle))).containsExactly(high, middle);
    }

    @Test
    void bestWithAnOrderUsesThatOrderAndNoLimitByDefault() {
        FaceBox small = face(10, 1.0);
        FaceBox large = face(30, 1.0);
        FaceBox medium = face(20, 1.0);

        assertThat(LocatorOptions.builder().build()
                .best(List.of(small, large, medium), Comparator.comparingDouble(FaceBox::area).reversed()))
                .containsExactly(large, medium, small);
    }

    @Test
    void aFaceExactlyTheMinimumSizeIsLargeEnoughAndOnePixelLessIsNot() {
        LocatorOptions options = LocatorOptions.builder().minFaceSize(40).build();

        assertThat(options.isLargeEnough(FaceBox.of(0, 0, 40, 100, 1))).isTrue();
        assertThat(options.isLargeEnough(FaceBox.of(0, 0, 100, 39, 1))).isFalse();
    }

    @Test
    void aBadValueIsRejectedAtOnceAndNamed() {
        assertThatThrownBy(() -> LocatorOptions.builder().nmsThreshold(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NMS").hasMessageContaining("0.0");
        assertThatThrownBy(() -> LocatorOptions.builder().workingSize(9000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9000");
    }

    @Test
    void toBuilderGivesEqualOptionsThatChangeIndependently() {
        LocatorOptions original = LocatorOptions.builder().workingSize(320).scoreThreshold(0.8).maxFaces(3).build();

        assertThat(original.toBuilder().build()).isEqualTo(original);
        assertThat(original.toBuilder().maxFaces(1).build().maxFaces()).isEqualTo(1);
        assertThat(original.maxFaces()).isEqualTo(3);
    }
}
