package dev.deepfake4j.video.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.testing.TestAssets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** YuNet on the shared photos; expected counts and boxes from SOURCES.md ("Reference face-detector counts"). */
class YuNetFaceLocatorTest {
    private static Path model;
    private static YuNetFaceLocator locator;

    @BeforeAll
    static void load() throws DeepfakeException {
        model = TestAssets.require("models/face_detection/yunet/yunet_s_640_640.onnx");
        locator = YuNetFaceLocator.create(model);
    }

    @AfterAll
    static void close() {
        if (locator != null) {
            locator.close();
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
        "images/faces/ultraface_imgs_26.jpg, 77",
        "images/faces/obama_and_biden.jpg, 3",
        "images/face_crops/mesonet/real_real00240.jpg, 1",
        "images/dfdc_frames/lynaeydofd_fr0.jpg, 1",
        "images/dfdc_frames/mqzvfufzoq_fr0.jpg, 1",
        "images/no_face/python_logo.png, 0",
        "images/no_face/vacation_2017.jpg, 0",
    })
    void findsTheReferenceFaceCountAtTheDefaultWorkingSize(String image, int expected) throws DeepfakeException {
        assertThat(locator.locate(image(image))).hasSize(expected);
    }

    @Test
    void findsTheSmallBackgroundFaceOfObamaAndBidenAtFullResolution() throws DeepfakeException {
        try (YuNetFaceLocator full = YuNetFaceLocator.builder(model).workingSize(0).build()) {
            assertThat(full.locate(image("images/faces/obama_and_biden.jpg"))).hasSize(4);
        }
    }

    @Test
    void matchesTheReferenceBoxOfObama() throws DeepfakeException {
        List<FaceBox> faces = locator.locate(image("images/faces/obama.jpg"));
        assertThat(faces).hasSize(1);
        assertThat(faces.get(0).iou(FaceBox.of(377, 73, 604, 431, 0.923))).isGreaterThanOrEqualTo(0.7);
        assertThat(faces.get(0).score()).isBetween(0.6, 1.0);
    }

    @Test
    void matchesTheReferenceBoxesOfTwoPeople() throws DeepfakeException {
        List<FaceBox> faces = new ArrayList<>(locator.locate(image("images/faces/two_people.jpg")));
        faces.sort((a, b) -> Double.compare(a.x1(), b.x1()));
        assertThat(faces).hasSize(2);
        assertThat(faces.get(0).iou(FaceBox.of(237, 25, 380, 224, 1))).isGreaterThanOrEqualTo(0.7);
        assertThat(faces.get(1).iou(FaceBox.of(787, 48, 935, 253, 1))).isGreaterThanOrEqualTo(0.7);
    }

    @Test
    void givesFiveLandmarksInsideTheFace() throws DeepfakeException {
        FaceBox face = locator.locate(image("images/faces/obama.jpg")).get(0);
        float[] landmarks = face.landmarks();
        assertThat(landmarks).hasSize(10);
        for (int k = 0; k < 5; k++) {
            assertThat((double) landmarks[2 * k]).isBetween(face.x1(), face.x2());
            assertThat((double) landmarks[2 * k + 1]).isBetween(face.y1(), face.y2());
        }
        // Eyes above the mouth corners (image y grows downwards).
        assertThat(landmarks[1]).isLessThan(landmarks[7]);
    }

    @Test
    void findsTheSameFaceInAnRgbFrameAsInBgr() throws DeepfakeException {
        Frame bgr = image("images/faces/obama.jpg");
        Frame rgb = Frame.owned(0, 0, bgr.width(), bgr.height(), PixelFormat.RGB24, swapChannels(bgr.toPackedArray()));
        FaceBox fromBgr = locator.locate(bgr).get(0);
        List<FaceBox> fromRgb = locator.locate(rgb);
        assertThat(fromRgb).hasSize(1);
        assertThat(fromRgb.get(0).iou(fromBgr)).isGreaterThan(0.99);
    }

    @Test
    void readsADirectBufferViewWithRowPadding() throws DeepfakeException {
        Frame packed = image("images/faces/two_people.jpg");
        int stride = packed.width() * 3 + 64;
        ByteBuffer direct = ByteBuffer.allocateDirect(stride * packed.height());
        byte[] bytes = packed.toPackedArray();
        for (int y = 0; y < packed.height(); y++) {
            direct.position(y * stride);
            direct.put(bytes, y * packed.width() * 3, packed.width() * 3);
        }
        direct.clear();
        Frame view = Frame.view(7, 0.5, packed.width(), packed.height(), stride, PixelFormat.BGR24, direct);
        List<FaceBox> fromView = locator.locate(view);
        List<FaceBox> fromPacked = locator.locate(packed);
        assertThat(fromView).hasSize(2);
        assertThat(fromView.get(0).iou(fromPacked.get(0))).isGreaterThan(0.99);
    }

    @Test
    void dropsFacesSmallerThanTheMinimumSize() throws DeepfakeException {
        try (YuNetFaceLocator bigOnly = YuNetFaceLocator.builder(model).minFaceSize(100).build()) {
            List<FaceBox> faces = bigOnly.locate(image("images/faces/ultraface_imgs_26.jpg"));
            assertThat(faces).allSatisfy(f -> assertThat(Math.min(f.width(), f.height())).isGreaterThanOrEqualTo(100));
            assertThat(faces.size()).isLessThan(77);
        }
    }

    @Test
    void keepsAtMostMaxFacesWithTheHighestScores() throws DeepfakeException {
        List<FaceBox> all = locator.locate(image("images/faces/ultraface_imgs_26.jpg"));
        try (YuNetFaceLocator top = YuNetFaceLocator.builder(model).maxFaces(5).build()) {
            List<FaceBox> best = top.locate(image("images/faces/ultraface_imgs_26.jpg"));
            assertThat(best).hasSize(5);
            assertThat(best.get(4).score()).isGreaterThanOrEqualTo(all.get(5).score());
        }
    }

    @Test
    void returnsFacesSortedByDescendingScore() throws DeepfakeException {
        List<FaceBox> faces = locator.locate(image("images/faces/facenet_multiface.jpg"));
        for (int i = 1; i < faces.size(); i++) {
            assertThat(faces.get(i).score()).isLessThanOrEqualTo(faces.get(i - 1).score());
        }
    }

    @Test
    void givesTheSameAnswersFromManyThreadsAtOnce() throws Exception {
        Frame frame = image("images/faces/two_people.jpg");
        List<FaceBox> expected = locator.locate(frame);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<FaceBox>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> locator.locate(frame)));
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
        Path missing = dir.resolve("nope.onnx");
        assertThatThrownBy(() -> YuNetFaceLocator.create(missing))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aCorruptModelIsModelInvalidNamingTheFile(@TempDir Path dir) throws Exception {
        Path corrupt = dir.resolve("corrupt.onnx");
        Files.write(corrupt, "this is not an ONNX protobuf".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> YuNetFaceLocator.create(corrupt))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining(corrupt.toString());
    }

    @Test
    void locateAfterCloseFailsClearly() throws DeepfakeException {
        YuNetFaceLocator closed = YuNetFaceLocator.create(model);
        closed.close();
        closed.close();
        Frame frame = image("images/faces/obama-240p.jpg");
        assertThatThrownBy(() -> closed.locate(frame)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    static byte[] swapChannels(byte[] pixels) {
        byte[] out = pixels.clone();
        for (int i = 0; i < out.length; i += 3) {
            out[i] = pixels[i + 2];
            out[i + 2] = pixels[i];
        }
        return out;
    }
}
