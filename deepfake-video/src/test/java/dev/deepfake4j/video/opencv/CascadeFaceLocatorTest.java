package dev.deepfake4j.video.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.testing.TestAssets;
import dev.deepfake4j.video.opencv.CascadeFaceLocator.Cascade;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenCV cascades on the shared photos. Reference boxes from SOURCES.md: for obama.jpg UltraFace's, whose
 * forehead-to-chin box is the closest to the cascades' square face box.
 */
class CascadeFaceLocatorTest {
    private static final FaceBox OBAMA = FaceBox.of(383, 90, 603, 405, 1);

    static Frame image(String relative) throws DeepfakeException {
        return Images.read(TestAssets.require(relative));
    }

    @ParameterizedTest
    @EnumSource(Cascade.class)
    void findsObamasFaceWhereTheReferenceBoxIs(Cascade cascade) throws DeepfakeException {
        try (CascadeFaceLocator locator = CascadeFaceLocator.create(cascade)) {
            List<FaceBox> faces = locator.locate(image("images/faces/obama.jpg"));
            assertThat(faces).anySatisfy(f -> assertThat(f.iou(OBAMA)).isGreaterThanOrEqualTo(0.5));
        }
    }

    @ParameterizedTest
    @EnumSource(Cascade.class)
    void findsNoFaceInALogo(Cascade cascade) throws DeepfakeException {
        try (CascadeFaceLocator locator = CascadeFaceLocator.create(cascade)) {
            assertThat(locator.locate(image("images/no_face/python_logo.png"))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Cascade.class)
    void findsBothFacesOfTwoPeople(Cascade cascade) throws DeepfakeException {
        // The LBP cascade's boxes are tight around eyes and mouth, so require the centre inside YuNet's box.
        FaceBox left = FaceBox.of(237, 25, 380, 224, 1);
        FaceBox right = FaceBox.of(787, 48, 935, 253, 1);
        try (CascadeFaceLocator locator = CascadeFaceLocator.create(cascade)) {
            List<FaceBox> faces = locator.locate(image("images/faces/two_people.jpg"));
            assertThat(faces).hasSize(2);
            assertThat(faces).anySatisfy(f -> assertThat(centreInside(f, left)).isTrue());
            assertThat(faces).anySatisfy(f -> assertThat(centreInside(f, right)).isTrue());
        }
    }

    private static boolean centreInside(FaceBox face, FaceBox reference) {
        return face.centerX() > reference.x1() && face.centerX() < reference.x2() && face.centerY() > reference.y1()
                && face.centerY() < reference.y2();
    }

    @ParameterizedTest
    @EnumSource(Cascade.class)
    void dropsFacesBelowTheMinimumSize(Cascade cascade) throws DeepfakeException {
        // Obama's face is about 230 pixels wide in the photo.
        try (CascadeFaceLocator locator = CascadeFaceLocator.builder(cascade).minFaceSize(400).build()) {
            assertThat(locator.locate(image("images/faces/obama.jpg"))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Cascade.class)
    void reportsScoreOneAndLargestFirst(Cascade cascade) throws DeepfakeException {
        try (CascadeFaceLocator locator = CascadeFaceLocator.create(cascade)) {
            List<FaceBox> faces = locator.locate(image("images/faces/facenet_multiface.jpg"));
            assertThat(faces).isNotEmpty().allSatisfy(f -> assertThat(f.score()).isEqualTo(1.0));
            for (int i = 1; i < faces.size(); i++) {
                assertThat(faces.get(i).area()).isLessThanOrEqualTo(faces.get(i - 1).area());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Cascade.class)
    void isNamedAfterItsCascadeAndFailsClearlyAfterClose(Cascade cascade) throws DeepfakeException {
        CascadeFaceLocator locator = CascadeFaceLocator.create(cascade);
        assertThat(locator.name()).isEqualTo(cascade == Cascade.HAAR_FRONTAL_FACE ? "haar" : "lbp");
        locator.close();
        locator.close();
        Frame frame = image("images/faces/obama-240p.jpg");
        assertThatThrownBy(() -> locator.locate(frame)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
