package dev.deepfake4j.pipeline;

import static dev.deepfake4j.pipeline.StageFakes.VIDEO;
import static dev.deepfake4j.pipeline.StageFakes.box;
import static dev.deepfake4j.pipeline.StageFakes.faceNumber;
import static dev.deepfake4j.pipeline.StageFakes.frame;
import static dev.deepfake4j.pipeline.StageFakes.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.pipeline.StageFakes.FakeClassifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CropStageTest {
    private static final CropPolicy DETECTOR_POLICY = CropPolicy.square(1.3);
    private static final CropPolicy OWN_POLICY = CropPolicy.proportional(5.0 / 3);

    /** One crop call as the cropper saw it. */
    private record Call(int frame, int face, CropPolicy policy, int size) {
    }

    /** Records each call and makes a crop of the spec's size. */
    private static final class RecordingCropper implements FaceCropper {
        final List<Call> calls = new ArrayList<>();

        @Override
        public FaceCrop crop(Frame frame, FaceBox box, CropPolicy policy, InputSpec spec) {
            calls.add(new Call(frame.index(), faceNumber(box), policy, spec.width()));
            return StageFakes.crop(frame.index(), box, spec);
        }
    }

    private static CropStage stage(FaceCropper cropper, InputSpec... specs) {
        List<Classifier> classifiers = List.of(specs).stream().<Classifier>map(FakeClassifier::new).toList();
        return new CropStage(cropper, DETECTOR_POLICY, new CropGroups(classifiers));
    }

    @Test
    void cutsEachFaceOncePerGroupWithTheGroupsPolicyAndSize() throws DeepfakeException {
        RecordingCropper cropper = new RecordingCropper();
        InputSpec own = InputSpec.builder(6, 6).cropPolicy(OWN_POLICY).build();
        // three classifiers, two groups: spec(8) twice (group 0), own (group 1)
        CropStage stage = stage(cropper, spec(8), own, spec(8));
        List<List<FaceCrop>> crops = stage.crop(frame(5, 1), List.of(box(2), box(0)), new StageClock());
        // 2 groups x 2 faces = 4 calls, not 3 classifiers x 2 faces = 6; faces in the given order
        assertThat(cropper.calls).containsExactly(
                new Call(5, 2, DETECTOR_POLICY, 8), new Call(5, 0, DETECTOR_POLICY, 8),
                new Call(5, 2, OWN_POLICY, 6), new Call(5, 0, OWN_POLICY, 6));
        assertThat(crops).hasSize(2);
        assertThat(crops.get(0)).extracting(FaceCrop::width).containsExactly(8, 8);
        assertThat(crops.get(1)).extracting(FaceCrop::width).containsExactly(6, 6);
        assertThat(crops.get(0)).extracting(c -> faceNumber(c.source())).containsExactly(2, 0);
        assertThat(crops.get(1)).extracting(c -> faceNumber(c.source())).containsExactly(2, 0);
    }

    @Test
    void noFaceGivesAnEmptyListPerGroup() throws DeepfakeException {
        RecordingCropper cropper = new RecordingCropper();
        List<List<FaceCrop>> crops = stage(cropper, spec(8), spec(4)).crop(frame(0, 0), List.of(), new StageClock());
        assertThat(crops).hasSize(2).allSatisfy(g -> assertThat(g).isEmpty());
        assertThat(cropper.calls).isEmpty();
    }

    @Test
    void theCroppersFailurePassesThrough() {
        DeepfakeException failure = new DeepfakeException(ErrorCode.BACKEND_FAILURE, "resize failed", VIDEO, null);
        FaceCropper failing = (frame, box, policy, spec) -> {
            throw failure;
        };
        assertThatThrownBy(() -> stage(failing, spec(8)).crop(frame(0, 0), List.of(box(0)), new StageClock()))
                .isSameAs(failure);
    }
}
