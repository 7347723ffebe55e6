package dev.deepfake4j.models.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.testing.TestAssets;
import dev.deepfake4j.video.opencv.Images;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BlazeFace on the shared photos. Counts from SOURCES.md's BlazeFace column, on the images where the front model's
 * range (faces of about a fifth of the picture or more) allows; boxes compared with the UltraFace/YuNet references.
 */
class BlazeFaceLocatorTest {
    private static final String MODELS = "models/face_detection/blazeface/";
    private static Path anchors;
    private static BlazeFaceLocator front;

    @BeforeAll
    static void load() throws DeepfakeException {
        anchors = TestAssets.require(MODELS + "anchors.csv");
        front = BlazeFaceLocator.create(TestAssets.require(MODELS + "blazeface.onnx"), anchors);
    }

    @AfterAll
    static void close() {
        if (front != null) {
            front.close();
        }
    }

    static Frame image(String relative) throws DeepfakeException {
        return Images.read(TestAssets.require(relative));
    }

    @ParameterizedTest(name = "{0}: {1} faces")
    @CsvSource({
        "images/faces/blazeface_1face.png, 1",
        "images/faces/blazeface_3faces.png, 3",
        "images/faces/obama.jpg, 1",
        "images/faces/two_people.jpg, 2",
        "images/faces/obama-240p.jpg, 1",
        "images/faces/32bit.png, 1",
        "images/faces/ultraface_imgs_5.jpg, 1",
        "images/faces/ultraface_imgs_13.jpg, 2",
        "images/face_crops/mesonet/real_real00240.jpg, 1",
        "images/dfdc_frames/lynaeydofd_fr0.jpg, 1",
        "images/dfdc_frames/mqzvfufzoq_fr0.jpg, 1",
        "images/no_face/python_logo.png, 0",
        "images/no_face/vacation_2017.jpg, 0",
    })
    void frontModelFindsTheReferenceFaceCount(String image, int expected) throws DeepfakeException {
        assertThat(front.locate(image(image))).hasSize(expected);
    }

    @Test
    void frontModelFindsObamaWhereTheReferenceBoxIs() throws DeepfakeException {
        // BlazeFace's box is a square from the brows to the chin; UltraFace's reference box is the closest shape.
        List<FaceBox> faces = front.locate(image("images/faces/obama.jpg"));
        assertThat(faces).hasSize(1);
        assertThat(faces.get(0).iou(FaceBox.of(383, 90, 603, 405, 1))).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void frontModelFindsTheTwoPeopleWhereTheReferenceBoxesAre() throws DeepfakeException {
        List<FaceBox> faces = new ArrayList<>(front.locate(image("images/faces/two_people.jpg")));
        faces.sort((a, b) -> Double.compare(a.x1(), b.x1()));
        assertThat(faces).hasSize(2);
        assertThat(faces.get(0).iou(FaceBox.of(240, 26, 385, 225, 1))).isGreaterThanOrEqualTo(0.5);
        assertThat(faces.get(1).iou(FaceBox.of(792, 47, 935, 259, 1))).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void givesSixKeypointsWithTheEyesAboveTheMouth() throws DeepfakeException {
        FaceBox face = front.locate(image("images/faces/obama.jpg")).get(0);
        float[] keypoints = face.landmarks();
        assertThat(keypoints).hasSize(12);
        // Order: right eye, left eye, nose tip, mouth centre, right ear, left ear.
        assertThat(keypoints[1]).isLessThan(keypoints[7]);
        assertThat(keypoints[3]).isLessThan(keypoints[7]);
        assertThat((double) keypoints[4]).isBetween(face.x1(), face.x2());
        assertThat((double) keypoints[5]).isBetween(face.y1(), face.y2());
    }

    @Test
    void scoresAreProbabilitiesAboveTheFrontThreshold() throws DeepfakeException {
        assertThat(front.locate(image("images/faces/blazeface_3faces.png")))
                .allSatisfy(f -> assertThat(f.score()).isBetween(0.75, 1.0));
    }

    @Test
    void backModelTakes256PixelsAndFindsTheSmallerFacesOfAGroup() throws DeepfakeException {
        try (BlazeFaceLocator back = BlazeFaceLocator.create(TestAssets.require(MODELS + "blazefaceback.onnx"), anchors)) {
            assertThat(back.inputSize()).isEqualTo(256);
            // The front model finds none of these six faces (SOURCES.md: 0); the back model is made for them.
            assertThat(back.locate(image("images/faces/facenet_multiface.jpg"))).hasSize(6);
            assertThat(back.locate(image("images/no_face/python_logo.png"))).isEmpty();
        }
    }

    @Test
    void aMissingModelIsModelNotFoundNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("blazeface.onnx");
        assertThatThrownBy(() -> BlazeFaceLocator.create(missing, anchors))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aMissingAnchorsFileIsModelNotFoundNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("anchors.csv");
        assertThatThrownBy(() -> BlazeFaceLocator.create(TestAssets.require(MODELS + "blazeface.onnx"), missing))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aTruncatedAnchorsFileIsModelInvalid(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("anchors.csv");
        Files.write(truncated, Files.readAllLines(anchors).subList(0, 100), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BlazeFaceLocator.create(TestAssets.require(MODELS + "blazeface.onnx"), truncated))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining(truncated.toString()).hasMessageContaining("99 anchors");
    }

    @Test
    void aCorruptModelIsModelInvalidNamingTheFile(@TempDir Path dir) throws Exception {
        Path corrupt = dir.resolve("blazeface.onnx");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> BlazeFaceLocator.create(corrupt, anchors))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining(corrupt.toString());
    }

    @Test
    void anotherNetworkIsModelInvalid() {
        Path ultraface = TestAssets.require("models/face_detection/ultraface/version-RFB-320.onnx");
        assertThatThrownBy(() -> BlazeFaceLocator.create(ultraface, anchors))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining(ultraface.toString());
    }

    @Test
    void computedAnchorsEqualThePublishedAnchorsFile() throws Exception {
        java.util.List<String> rows = java.nio.file.Files.readAllLines(anchors);
        float[][] generated = BlazeFaceLocator.generatedAnchors();
        assertThat(rows).hasSize(1 + generated.length); // header + 896
        for (int i = 0; i < generated.length; i++) {
            String[] v = rows.get(i + 1).split(",");
            for (int k = 0; k < 4; k++) {
                assertThat(generated[i][k]).as("anchor %d value %d", i, k)
                        .isCloseTo(Float.parseFloat(v[k]), org.assertj.core.api.Assertions.within(1e-6f));
            }
        }
    }

    @Test
    void aLocatorWithComputedAnchorsFindsTheSameFaces() throws Exception {
        try (BlazeFaceLocator computed = BlazeFaceLocator.create(TestAssets.require(MODELS + "blazeface.onnx"))) {
            Frame img = image("images/faces/blazeface_3faces.png");
            assertThat(computed.locate(img)).isEqualTo(front.locate(img));
        }
    }
}
