package dev.deepfake4j.models.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.testing.TestAssets;
import dev.deepfake4j.video.ffmpeg.FfmpegVideoDecoder;
import dev.deepfake4j.video.opencv.Images;
import dev.deepfake4j.video.opencv.YuNetFaceLocator;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ONNX Runtime YuNet against OpenCV's {@code FaceDetectorYN} on the same model file, the independent reference:
 * on real video frames (1080p landscape and portrait, 720p, 480p; one and two people) and photos (RGB, many faces,
 * small faces), both must find the same faces with the same boxes, landmarks and scores.
 */
class YuNetOnnxLocatorTest {
    private static final String MODEL = "models/face_detection/yunet/yunet_s_640_640.onnx";
    /** Pixels: the two differ only by float rounding inside the convolutions (about 1e-5 px seen). */
    private static final double BOX_TOLERANCE = 0.01;
    private static YuNetOnnxLocator onnx;
    private static YuNetFaceLocator opencv;

    @BeforeAll
    static void load() throws DeepfakeException {
        onnx = YuNetOnnxLocator.create(TestAssets.require(MODEL));
        opencv = YuNetFaceLocator.create(TestAssets.require(MODEL));
    }

    @AfterAll
    static void close() {
        if (onnx != null) {
            onnx.close();
        }
        if (opencv != null) {
            opencv.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "videos/labelled/dfdc/abofeumbvv.mp4",
        "videos/labelled/dfdc/brtujopkby.mp4",
        "videos/labelled/dfdc/yhffcuhhjy.mp4",
        "videos/labelled/ffpp/Deepfakes_003_000.mp4",
        "videos/labelled/ffpp/Face2Face_750_743.mp4",
    })
    void findsWhatFaceDetectorYnFindsOnVideoFrames(String video) throws Exception {
        List<String> compared = new ArrayList<>();
        try (VideoSource source = new FfmpegVideoDecoder().open(TestAssets.require(video), DecodeOptions.defaults())) {
            source.decode(FrameSampler.uniform(6).plan(source.info()), frame -> {
                try {
                    compared.add(compare(frame));
                } catch (DeepfakeException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        assertThat(compared).hasSize(6);
        // a frame without faces would compare nothing: these clips have a face in every sampled frame
        assertThat(compared).allSatisfy(faces -> assertThat(faces).isNotEqualTo("0 faces"));
    }

    /**
     * Looking again only in a box twice a face's size, seen at the whole frame's scale (what a face follower does
     * between whole-frame detections), must find the face FaceDetectorYN found on the whole frame with nearly its
     * box: the network sees the same pixels of the face on the same anchor grid, only less of its surroundings
     * (IoU 0.87 and above seen in a box twice the face; 0.90 and above in one 3 times the face; 0.85 when the region
     * was not aligned to the 32-pixel grid).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "videos/labelled/dfdc/abofeumbvv.mp4",
        "videos/labelled/dfdc/brtujopkby.mp4",
        "videos/labelled/dfdc/yhffcuhhjy.mp4",
        "videos/labelled/ffpp/Face2Face_750_743.mp4",
    })
    void looksAgainAroundAFaceAndFindsItsWholeFrameBox(String video) throws Exception {
        List<Double> ious = new ArrayList<>();
        try (VideoSource source = new FfmpegVideoDecoder().open(TestAssets.require(video), DecodeOptions.defaults())) {
            source.decode(FrameSampler.uniform(6).plan(source.info()), frame -> {
                try {
                    for (FaceBox face : opencv.locate(frame)) {
                        double side = 2 * Math.max(face.width(), face.height());
                        int x1 = (int) Math.max(0, face.centerX() - side / 2);
                        int y1 = (int) Math.max(0, face.centerY() - side / 2);
                        int x2 = (int) Math.min(frame.width(), face.centerX() + side / 2);
                        int y2 = (int) Math.min(frame.height(), face.centerY() + side / 2);
                        double best = 0;
                        for (FaceBox again : onnx.locateIn(frame, x1, y1, x2 - x1, y2 - y1)) {
                            assertThat(again.x1()).isGreaterThanOrEqualTo(x1 - 3.0);
                            assertThat(again.x2()).isLessThanOrEqualTo(x2 + 3.0);
                            best = Math.max(best, again.iou(face));
                        }
                        ious.add(best);
                    }
                } catch (DeepfakeException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        assertThat(ious).isNotEmpty();
        assertThat(ious).allSatisfy(iou -> assertThat(iou).isGreaterThan(0.85));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "images/faces/obama.jpg",
        "images/faces/obama-1080p.jpg",
        "images/faces/obama-240p.jpg",
        "images/faces/two_people.jpg",
        "images/faces/facenet_multiface.jpg",
        "images/faces/ultraface_imgs_19.jpg",
        "images/faces/32bit.png",
        "images/no_face/vacation_2017.jpg",
    })
    void findsWhatFaceDetectorYnFindsOnPhotos(String image) throws DeepfakeException {
        compare(Images.read(TestAssets.require(image)));
    }

    @Test
    void photosWithSeveralFacesGiveSeveralFaces() throws DeepfakeException {
        // that the comparison above is not only of single faces
        assertThat(onnx.locate(Images.read(TestAssets.require("images/faces/facenet_multiface.jpg")))).hasSize(6);
        assertThat(onnx.locate(Images.read(TestAssets.require("images/faces/two_people.jpg")))).hasSize(2);
    }

    private static String compare(Frame frame) throws DeepfakeException {
        List<FaceBox> expected = opencv.locate(frame);
        List<FaceBox> actual = onnx.locate(frame);
        assertThat(actual).as("faces in %s", frame).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            FaceBox e = expected.get(i);
            FaceBox a = actual.get(i);
            assertThat(a.x1()).isCloseTo(e.x1(), within(BOX_TOLERANCE));
            assertThat(a.y1()).isCloseTo(e.y1(), within(BOX_TOLERANCE));
            assertThat(a.x2()).isCloseTo(e.x2(), within(BOX_TOLERANCE));
            assertThat(a.y2()).isCloseTo(e.y2(), within(BOX_TOLERANCE));
            assertThat(a.score()).isCloseTo(e.score(), within(1e-4));
            for (int k = 0; k < 10; k++) {
                assertThat((double) a.landmarks()[k]).isCloseTo(e.landmarks()[k], within(BOX_TOLERANCE));
            }
        }
        return expected.size() + " faces";
    }

    @Test
    void concurrentCallsGiveTheSameFaces() throws Exception {
        Frame frame = Images.read(TestAssets.require("images/faces/facenet_multiface.jpg"));
        List<FaceBox> alone = onnx.locate(frame);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<FaceBox>>> runs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                runs.add(pool.submit(() -> onnx.locate(frame)));
            }
            for (Future<List<FaceBox>> run : runs) {
                assertThat(run.get()).isEqualTo(alone);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingModelIsModelNotFound(@TempDir Path dir) {
        assertThatThrownBy(() -> YuNetOnnxLocator.create(dir.resolve("yunet.onnx")))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining("yunet.onnx");
    }

    @Test
    void aFileThatIsNoOnnxModelIsModelInvalid(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("yunet.onnx"), "not a model", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> YuNetOnnxLocator.create(junk))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining(junk.toString());
    }

    @Test
    void anotherDetectorsModelIsModelInvalidNamingWhatIsMissing() {
        Path ultraface = TestAssets.require("models/face_detection/ultraface/version-RFB-320.onnx");
        assertThatThrownBy(() -> YuNetOnnxLocator.create(ultraface))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INVALID))
                .hasMessageContaining("version-RFB-320.onnx");
    }

    @Test
    void locateAfterCloseFailsClearly() throws DeepfakeException {
        YuNetOnnxLocator locator = YuNetOnnxLocator.create(TestAssets.require(MODEL));
        locator.close();
        locator.close();
        Frame frame = Images.read(TestAssets.require("images/faces/obama.jpg"));
        assertThatThrownBy(() -> locator.locate(frame)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
