package dev.deepfake4j.pipeline;

import static dev.deepfake4j.pipeline.StageFakes.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.pipeline.StageFakes.FakeClassifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class CropGroupsTest {

    private static CropGroups groupsOf(InputSpec... specs) {
        return new CropGroups(List.of(specs).stream().<Classifier>map(FakeClassifier::new).toList());
    }

    @Test
    void specsWithTheSameCropShareAGroupAndAThirdStaysApart() {
        InputSpec a = spec(8);
        // same crop pixels, other tensor layout and normalisation: still the same crop
        InputSpec b = InputSpec.builder(8, 8).layout(InputSpec.Layout.NHWC).scale(1f)
                .normalization(new float[] {1, 2, 3}, new float[] {4, 5, 6}).build();
        InputSpec c = InputSpec.builder(8, 8).cropPolicy(CropPolicy.proportional(5.0 / 3)).build();
        CropGroups groups = groupsOf(a, b, c);
        // a and b → group 0, c → group 1
        assertThat(groups.groupOf(0)).isZero();
        assertThat(groups.groupOf(1)).isZero();
        assertThat(groups.groupOf(2)).isEqualTo(1);
        assertThat(groups.specs()).hasSize(2);
        assertThat(groups.specs().get(0)).isSameAs(a);
        assertThat(groups.specs().get(1)).isSameAs(c);
    }

    @Test
    void groupsAreNumberedInOrderOfFirstUseAndJoinAnEarlierGroup() {
        InputSpec small = spec(4);
        InputSpec big = spec(8);
        InputSpec bgr = InputSpec.builder(8, 8).channels(PixelFormat.BGR24).build();
        InputSpec cubic = InputSpec.builder(8, 8).interpolation(InputSpec.Interpolation.CUBIC).build();
        InputSpec letterbox = InputSpec.builder(4, 4).resize(InputSpec.Resize.LETTERBOX).build();
        // small=0, big=1, bgr=2, small again=0, cubic=3, big again=1, letterbox=4
        CropGroups groups = groupsOf(small, big, bgr, spec(4), cubic, spec(8), letterbox);
        int[] got = new int[7];
        for (int i = 0; i < got.length; i++) {
            got[i] = groups.groupOf(i);
        }
        assertThat(got).containsExactly(0, 1, 2, 0, 3, 1, 4);
        assertThat(groups.specs()).containsExactly(small, big, bgr, cubic, letterbox);
    }

    @Test
    void equalCropPoliciesShareAGroup() {
        InputSpec one = InputSpec.builder(8, 8).cropPolicy(CropPolicy.square(1.6)).build();
        InputSpec two = InputSpec.builder(8, 8).cropPolicy(new CropPolicy(1.6, true)).build();
        InputSpec defaultPolicy = spec(8); // no policy of its own: not the same as an explicit one
        CropGroups groups = groupsOf(one, two, defaultPolicy);
        assertThat(groups.groupOf(1)).isEqualTo(groups.groupOf(0));
        assertThat(groups.groupOf(2)).isEqualTo(1);
        assertThat(groups.specs()).hasSize(2);
    }

    @Test
    void aSingleClassifierIsOneGroup() {
        CropGroups groups = groupsOf(spec(8));
        assertThat(groups.groupOf(0)).isZero();
        assertThat(groups.specs()).hasSize(1);
    }
}
