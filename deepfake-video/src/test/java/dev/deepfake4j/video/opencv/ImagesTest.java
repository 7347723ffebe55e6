package dev.deepfake4j.video.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.testing.TestAssets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

    @Test
    void readsAJpegAsAnOwnedBgrFrameOfItsSize() throws DeepfakeException {
        Frame frame = Images.read(TestAssets.require("images/faces/obama.jpg"));
        assertThat(frame.width()).isEqualTo(910);
        assertThat(frame.height()).isEqualTo(1137);
        assertThat(frame.format()).isEqualTo(PixelFormat.BGR24);
        assertThat(frame.isOwned()).isTrue();
        assertThat(frame.rowStride()).isEqualTo(910 * 3);
    }

    @Test
    void readsAPngWithAlphaAsThreeChannels() throws DeepfakeException {
        Frame frame = Images.read(TestAssets.require("images/faces/32bit.png"));
        assertThat(frame.width()).isEqualTo(626);
        assertThat(frame.height()).isEqualTo(1200);
        assertThat(frame.toPackedArray()).hasSize(626 * 1200 * 3);
    }

    @Test
    void reducesA16BitGreyImageToEightBitBgr(@TempDir Path dir) throws DeepfakeException {
        Path file = dir.resolve("grey16.png");
        try (Scalar white = new Scalar(65535.0); Mat grey = new Mat(3, 5, CV_16UC1, white)) {
            assertThat(imwrite(file.toString(), grey)).isTrue();
        }
        Frame frame = Images.read(file);
        assertThat(frame.width()).isEqualTo(5);
        assertThat(frame.height()).isEqualTo(3);
        assertThat(frame.sample(4, 2, 0)).isEqualTo(255);
        assertThat(frame.sample(4, 2, 2)).isEqualTo(255);
    }

    @Test
    void writesAndReadsBackAPngLosslesslyInBgrOrder(@TempDir Path dir) throws DeepfakeException {
        Frame original = OpenCvFaceCropperTest.gradient();
        Path file = dir.resolve("gradient.png");
        Images.write(original, file);
        assertThat(Images.read(file).toPackedArray()).isEqualTo(original.toPackedArray());
    }

    @Test
    void writesAnRgbFrameWithItsColoursKept(@TempDir Path dir) throws DeepfakeException {
        Frame bgr = OpenCvFaceCropperTest.gradient();
        Frame rgb = Frame.owned(0, 0, 10, 10, PixelFormat.RGB24, YuNetFaceLocatorTest.swapChannels(bgr.toPackedArray()));
        Path file = dir.resolve("rgb.png");
        Images.write(rgb, file);
        assertThat(Images.read(file).toPackedArray()).isEqualTo(bgr.toPackedArray());
    }

    @Test
    void writesAJpegThatReadsBackAtTheSameSize(@TempDir Path dir) throws DeepfakeException {
        Frame photo = Images.read(TestAssets.require("images/faces/obama-240p.jpg"));
        Path file = dir.resolve("copy.jpeg");
        Images.write(photo, file);
        Frame back = Images.read(file);
        assertThat(back.width()).isEqualTo(427);
        assertThat(back.height()).isEqualTo(240);
    }

    @Test
    void refusesAnExtensionOtherThanPngOrJpeg(@TempDir Path dir) {
        assertThatThrownBy(() -> Images.write(OpenCvFaceCropperTest.gradient(), dir.resolve("x.gif")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x.gif");
    }

    @Test
    void aMissingFileIsFileNotFoundNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("missing.jpg");
        assertThatThrownBy(() -> Images.read(missing))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
                    assertThat(e.path()).contains(missing);
                })
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aFolderIsNotReadable(@TempDir Path dir) {
        assertThatThrownBy(() -> Images.read(dir))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_READABLE))
                .hasMessageContaining(dir.toString());
    }

    @Test
    void aFileThatIsNoImageIsUnsupportedInputNamingIt(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.jpg");
        Files.write(text, "not a picture".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Images.read(text))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT))
                .hasMessageContaining(text.toString());
    }

    @Test
    void anEmptyFileIsUnsupportedInput(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertThatThrownBy(() -> Images.read(empty))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT));
    }
}
