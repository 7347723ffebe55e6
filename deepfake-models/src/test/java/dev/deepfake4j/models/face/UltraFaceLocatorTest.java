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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** UltraFace on the shared photos; counts and boxes from SOURCES.md ("Reference face-detector counts"). */
class UltraFaceLocatorTest {
    private static final String MODELS = "models/face_detection/ultraface/";
    private static UltraFaceLocator rfb320;

    @BeforeAll
    static void load() throws DeepfakeException {
        rfb320 = UltraFaceLocator.create(TestAssets.require(MODELS + "version-RFB-320.onnx"));
    }

    @AfterAll
    static void close() {
        if (rfb320 != null) {
            rfb320.close();
        }
    }

    static Frame image(String relative) throws DeepfakeException {
        return Images.read(TestAssets.require(relative));
    }

    @ParameterizedTest(name = "{0}: {1} faces")
    @CsvSource({
        "images/faces/obama.jpg, 1",
        "images/faces/two_people.jpg, 2",
        "images/faces/obama-240p.jpg, 1",
        "images/faces/32bit.png, 1",
        "images/faces/blazeface_1face.png, 1",
        "images/faces/blazeface_3faces.png, 3",
        "images/faces/blazeface_4faces.png, 4",
        "images/faces/facenet_multiface.jpg, 6",
        "images/faces/ultraface_imgs_2.jpg, 4",
        "images/faces/ultraface_imgs_5.jpg, 1",
        "images/faces/ultraface_imgs_13.jpg, 2",
        "images/faces/ultraface_imgs_19.jpg, 5",
        "images/face_crops/mesonet/real_real00240.jpg, 1",
        "images/dfdc_frames/lynaeydofd_fr0.jpg, 1",
        "images/dfdc_frames/mqzvfufzoq_fr0.jpg, 1",
        "images/no_face/python_logo.png, 0",
        "images/no_face/vacation_2017.jpg, 0",
    })
    void rfb320FindsTheReferenceFaceCount(String image, int expected) throws DeepfakeException {
        assertThat(rfb320.locate(image(image))).hasSize(expected);
    }

    @Test
    void rfb320MatchesTheReferenceBoxOfObama() throws DeepfakeException {
        List<FaceBox> faces = rfb320.locate(image("images/faces/obama.jpg"));
        assertThat(faces).hasSize(1);
        assertThat(faces.get(0).iou(FaceBox.of(383, 90, 603, 405, 1))).isGreaterThanOrEqualTo(0.7);
        assertThat(faces.get(0).score()).isGreaterThan(0.7).isLessThanOrEqualTo(1.0);
    }

    @Test
    void rfb320MatchesTheReferenceBoxesOfTwoPeople() throws DeepfakeException {
        List<FaceBox> faces = new ArrayList<>(rfb320.locate(image("images/faces/two_people.jpg")));
        faces.sort((a, b) -> Double.compare(a.x1(), b.x1()));
        assertThat(faces).hasSize(2);
        assertThat(faces.get(0).iou(FaceBox.of(240, 26, 385, 225, 1))).isGreaterThanOrEqualTo(0.7);
        assertThat(faces.get(1).iou(FaceBox.of(792, 47, 935, 259, 1))).isGreaterThanOrEqualTo(0.7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"version-RFB-640.onnx", "version-slim-320.onnx"})
    void theOtherVariantsFindTheTwoPeople(String model) throws DeepfakeException {
        try (UltraFaceLocator locator = UltraFaceLocator.create(TestAssets.require(MODELS + model))) {
            List<FaceBox> faces = new ArrayList<>(locator.locate(image("images/faces/two_people.jpg")));
            faces.sort((a, b) -> Double.compare(a.x1(), b.x1()));
            assertThat(faces).hasSize(2);
            assertThat(faces.get(0).iou(FaceBox.of(240, 26, 385, 225, 1))).isGreaterThanOrEqualTo(0.7);
            assertThat(faces.get(1).iou(FaceBox.of(792, 47, 935, 259, 1))).isGreaterThanOrEqualTo(0.7);
        }
    }

    @Test
    void readsItsInputSizeFromTheModel() throws DeepfakeException {
        assertThat(rfb320.inputWidth()).isEqualTo(320);
        assertThat(rfb320.inputHeight()).isEqualTo(240);
        try (UltraFaceLocator rfb640 = UltraFaceLocator.create(TestAssets.require(MODELS + "version-RFB-640.onnx"))) {
            assertThat(rfb640.inputWidth()).isEqualTo(640);
            assertThat(rfb640.inputHeight()).isEqualTo(480);
        }
    }

    @Test
    void dropsFacesSmallerThanTheMinimumSize() throws DeepfakeException {
        // In two_people.jpg both faces are about 145 pixels wide.
        try (UltraFaceLocator locator = UltraFaceLocator.builder(TestAssets.require(MODELS + "version-RFB-320.onnx"))
                .minFaceSize(150).build()) {
            assertThat(locator.locate(image("images/faces/two_people.jpg"))).isEmpty();
        }
    }

    @Test
    void givesTheSameAnswersFromManyThreadsAtOnce() throws Exception {
        Frame frame = image("images/faces/facenet_multiface.jpg");
        List<FaceBox> expected = rfb320.locate(frame);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<FaceBox>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> rfb320.locate(frame)));
            }
            for (Future<List<FaceBox>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aMissingModelIsModelNotFoundNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("version-RFB-320.onnx");
        assertThatThrownBy(() -> UltraFaceLocator.create(missing))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aCorruptModelIsModelInvalidNamingTheFile(@TempDir Path dir) throws Exception {
        Path corrupt = dir.resolve("corrupt.onnx");
        Files.write(corrupt, "definitely not protobuf".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> UltraFaceLocator.create(corrupt))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining(corrupt.toString());
    }

    @Test
    void anotherNetworkIsModelInvalidNamingTheMissingOutput() {
        Path yunet = TestAssets.require("models/face_detection/yunet/yunet_s_640_640.onnx");
        assertThatThrownBy(() -> UltraFaceLocator.create(yunet))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining(yunet.toString()).hasMessageContaining("scores");
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailClearly() throws DeepfakeException {
        UltraFaceLocator locator = UltraFaceLocator.create(TestAssets.require(MODELS + "version-slim-320.onnx"));
        locator.close();
        locator.close();
        Frame frame = image("images/faces/obama-240p.jpg");
        assertThatThrownBy(() -> locator.locate(frame)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
