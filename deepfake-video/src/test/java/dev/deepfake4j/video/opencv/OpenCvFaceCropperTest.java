package dev.deepfake4j.video.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.classify.InputSpec.Interpolation;
import dev.deepfake4j.classify.InputSpec.Resize;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.testing.TestAssets;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Exact-pixel checks of the cropper on small synthetic frames, worked out by hand, plus a real photo. */
class OpenCvFaceCropperTest {
    private static final CropPolicy BOX_ITSELF = CropPolicy.square(1.0);

    private final OpenCvFaceCropper cropper = new OpenCvFaceCropper();

    /** A 10x10 BGR frame whose every sample is distinct and non-zero: c0 = 1+10y+x, c1 = c0+100, c2 = c0+150. */
    static Frame gradient() {
        byte[] pixels = new byte[10 * 10 * 3];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                int v = 1 + 10 * y + x;
                int i = (y * 10 + x) * 3;
                pixels[i] = (byte) v;
                pixels[i + 1] = (byte) (v + 100);
                pixels[i + 2] = (byte) (v + 150);
            }
        }
        return Frame.owned(3, 0.1, 10, 10, PixelFormat.BGR24, pixels);
    }

    static InputSpec spec(int w, int h, Resize resize, Interpolation interpolation, PixelFormat channels) {
        return InputSpec.builder(w, h).resize(resize).interpolation(interpolation).channels(channels).build();
    }

    static InputSpec nearest(int w, int h) {
        return spec(w, h, Resize.STRETCH, Interpolation.NEAREST, PixelFormat.BGR24);
    }

    @Test
    void aBoxCroppedToItsOwnSizeReproducesTheRegion() throws DeepfakeException {
        Frame frame = gradient();
        FaceCrop crop = cropper.crop(frame, FaceBox.of(2, 3, 6, 7, 0.9), BOX_ITSELF, nearest(4, 4));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(crop.sample(x, y, c)).as("(%s,%s,%s)", x, y, c).isEqualTo(frame.sample(2 + x, 3 + y, c));
                }
            }
        }
    }

    @Test
    void theCropCarriesItsFrameAndBox() throws DeepfakeException {
        FaceBox box = FaceBox.of(2, 3, 6, 7, 0.9);
        FaceCrop crop = cropper.crop(gradient(), box, BOX_ITSELF, nearest(4, 4));
        assertThat(crop.frameIndex()).isEqualTo(3);
        assertThat(crop.ptsSeconds()).isEqualTo(0.1);
        assertThat(crop.source()).isEqualTo(box);
        assertThat(crop.format()).isEqualTo(PixelFormat.BGR24);
    }

    @Test
    void theMarginEnlargesTheRegionAroundTheBoxCentre() throws DeepfakeException {
        Frame frame = gradient();
        // A 2x2 box at (4,4) with margin 2 is the 4x4 region (3,3)-(7,7).
        FaceCrop crop = cropper.crop(frame, FaceBox.of(4, 4, 6, 6, 1), CropPolicy.square(2.0), nearest(4, 4));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(crop.sample(x, y, 0)).isEqualTo(frame.sample(3 + x, 3 + y, 0));
            }
        }
    }

    @Test
    void aProportionalPolicyScalesEachSideSeparately() throws DeepfakeException {
        Frame frame = gradient();
        // A 4x2 box centred at (4,4) with margin 2 is the 8x4 region (0,2)-(8,6).
        FaceCrop crop = cropper.crop(frame, FaceBox.of(2, 3, 6, 5, 1), CropPolicy.proportional(2.0), nearest(8, 4));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(crop.sample(x, y, 1)).isEqualTo(frame.sample(x, 2 + y, 1));
            }
        }
    }

    @Test
    void theRegionOutsideTheFrameIsZeroPadded() throws DeepfakeException {
        Frame frame = gradient();
        // Region (-2,-1)-(2,3): columns 0-1 and row 0 of the crop lie outside the frame.
        FaceCrop crop = cropper.crop(frame, FaceBox.of(-2, -1, 2, 3, 1), BOX_ITSELF, nearest(4, 4));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    int expected = x < 2 || y < 1 ? 0 : frame.sample(x - 2, y - 1, c);
                    assertThat(crop.sample(x, y, c)).as("(%s,%s,%s)", x, y, c).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void paddingAtTheBottomRightKeepsTheFaceInPlace() throws DeepfakeException {
        Frame frame = gradient();
        // Region (8,7)-(12,11): only the 2x3 block at (8,7) is inside.
        FaceCrop crop = cropper.crop(frame, FaceBox.of(8, 7, 12, 11, 1), BOX_ITSELF, nearest(4, 4));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int expected = x >= 2 || y >= 3 ? 0 : frame.sample(8 + x, 7 + y, 2);
                assertThat(crop.sample(x, y, 2)).as("(%s,%s)", x, y).isEqualTo(expected);
            }
        }
    }

    @Test
    void aRegionWhollyOutsideTheFrameIsAllBlack() throws DeepfakeException {
        FaceCrop crop = cropper.crop(gradient(), FaceBox.of(20, 20, 24, 24, 1), BOX_ITSELF, nearest(4, 4));
        byte[] bytes = new byte[4 * 4 * 3];
        crop.pixels().get(bytes);
        assertThat(bytes).containsOnly((byte) 0);
    }

    @Test
    void nearestEnlargementRepeatsEachPixel() throws DeepfakeException {
        Frame frame = gradient();
        FaceCrop crop = cropper.crop(frame, FaceBox.of(5, 5, 7, 7, 1), BOX_ITSELF, nearest(4, 4));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(crop.sample(x, y, 0)).isEqualTo(frame.sample(5 + x / 2, 5 + y / 2, 0));
            }
        }
    }

    @Test
    void letterboxPadsAWideRegionSymmetricallyAboveAndBelow() throws DeepfakeException {
        Frame frame = gradient();
        // The 4x2 region (2,3)-(6,5) fits a 4x4 output at scale 1, one black row above and below.
        InputSpec spec = spec(4, 4, Resize.LETTERBOX, Interpolation.NEAREST, PixelFormat.BGR24);
        FaceCrop crop = cropper.crop(frame, FaceBox.of(2, 3, 6, 5, 1), CropPolicy.proportional(1.0), spec);
        for (int x = 0; x < 4; x++) {
            assertThat(crop.sample(x, 0, 0)).isZero();
            assertThat(crop.sample(x, 1, 0)).isEqualTo(frame.sample(2 + x, 3, 0));
            assertThat(crop.sample(x, 2, 0)).isEqualTo(frame.sample(2 + x, 4, 0));
            assertThat(crop.sample(x, 3, 0)).isZero();
        }
    }

    @Test
    void letterboxPadsATallRegionSymmetricallyLeftAndRight() throws DeepfakeException {
        Frame frame = gradient();
        // The 2x4 region (4,2)-(6,6) enlarged by 2 to 4x8 in an 8x8 output: two black columns on each side.
        InputSpec spec = spec(8, 8, Resize.LETTERBOX, Interpolation.NEAREST, PixelFormat.BGR24);
        FaceCrop crop = cropper.crop(frame, FaceBox.of(4, 2, 6, 6, 1), CropPolicy.proportional(1.0), spec);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int expected = x < 2 || x >= 6 ? 0 : frame.sample(4 + (x - 2) / 2, 2 + y / 2, 0);
                assertThat(crop.sample(x, y, 0)).as("(%s,%s)", x, y).isEqualTo(expected);
            }
        }
    }

    @Test
    void padIfSmallerPlacesASmallRegionUnscaledInTheMiddle() throws DeepfakeException {
        Frame frame = gradient();
        // The 2x3 region (2,3)-(4,6) in a 6x6 output: padded by (6-2)/2 = 2 on the left, (6-3)/2 = 1 on top.
        InputSpec spec = spec(6, 6, Resize.PAD_IF_SMALLER, Interpolation.LINEAR, PixelFormat.BGR24);
        FaceCrop crop = cropper.crop(frame, FaceBox.of(2, 3, 4, 6, 1), CropPolicy.proportional(1.0), spec);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                boolean inside = x >= 2 && x < 4 && y >= 1 && y < 4;
                int expected = inside ? frame.sample(x, 2 + y, 0) : 0;
                assertThat(crop.sample(x, y, 0)).as("(%s,%s)", x, y).isEqualTo(expected);
            }
        }
    }

    @Test
    void padIfSmallerPadsOnlyTheShortSideAndShrinksTheLongOne() throws DeepfakeException {
        Frame frame = gradient();
        // The 8x2 region (1,4)-(9,6) in a 4x4 output: height padded to 4 (one row above), width 8 shrunk to 4.
        InputSpec spec = spec(4, 4, Resize.PAD_IF_SMALLER, Interpolation.NEAREST, PixelFormat.BGR24);
        FaceCrop crop = cropper.crop(frame, FaceBox.of(1, 4, 9, 6, 1), CropPolicy.proportional(1.0), spec);
        for (int x = 0; x < 4; x++) {
            assertThat(crop.sample(x, 0, 0)).isZero();
            assertThat(crop.sample(x, 1, 0)).isEqualTo(frame.sample(1 + 2 * x, 4, 0));
            assertThat(crop.sample(x, 2, 0)).isEqualTo(frame.sample(1 + 2 * x, 5, 0));
            assertThat(crop.sample(x, 3, 0)).isZero();
        }
    }

    @Test
    void stretchFillsTheWholeOutputWithANonSquareRegion() throws DeepfakeException {
        Frame frame = gradient();
        // The 4x2 region (2,3)-(6,5) stretched to 4x4: each row repeated twice.
        FaceCrop crop = cropper.crop(frame, FaceBox.of(2, 3, 6, 5, 1), CropPolicy.proportional(1.0), nearest(4, 4));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(crop.sample(x, y, 0)).isEqualTo(frame.sample(2 + x, 3 + y / 2, 0));
            }
        }
    }

    @Test
    void anRgbSpecSwapsTheChannelsOfABgrFrame() throws DeepfakeException {
        Frame frame = gradient();
        InputSpec rgb = spec(4, 4, Resize.STRETCH, Interpolation.NEAREST, PixelFormat.RGB24);
        FaceCrop crop = cropper.crop(frame, FaceBox.of(2, 3, 6, 7, 1), BOX_ITSELF, rgb);
        assertThat(crop.format()).isEqualTo(PixelFormat.RGB24);
        assertThat(crop.sample(1, 2, 0)).isEqualTo(frame.sample(3, 5, 2));
        assertThat(crop.sample(1, 2, 1)).isEqualTo(frame.sample(3, 5, 1));
        assertThat(crop.sample(1, 2, 2)).isEqualTo(frame.sample(3, 5, 0));
    }

    @Test
    void anRgbFrameCroppedForAnRgbSpecKeepsItsOrder() throws DeepfakeException {
        Frame bgr = gradient();
        Frame rgb = Frame.owned(0, 0, 10, 10, PixelFormat.RGB24, YuNetFaceLocatorTest.swapChannels(bgr.toPackedArray()));
        InputSpec spec = spec(4, 4, Resize.STRETCH, Interpolation.NEAREST, PixelFormat.RGB24);
        FaceCrop crop = cropper.crop(rgb, FaceBox.of(2, 3, 6, 7, 1), BOX_ITSELF, spec);
        assertThat(crop.sample(0, 0, 0)).isEqualTo(rgb.sample(2, 3, 0));
        assertThat(crop.sample(0, 0, 0)).isEqualTo(bgr.sample(2, 3, 2));
    }

    /** A 4x4 frame of four 2x2 blocks whose means are whole numbers: 25, 1, 100 and 3. */
    static Frame blocks() {
        int[][] grey = {
            {10, 20, 0, 0},
            {30, 40, 0, 4},
            {100, 100, 1, 2},
            {100, 100, 3, 6},
        };
        byte[] pixels = new byte[4 * 4 * 3];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(y * 4 + x) * 3 + c] = (byte) grey[y][x];
                }
            }
        }
        return Frame.owned(0, 0, 4, 4, PixelFormat.BGR24, pixels);
    }

    @Test
    void areaShrinkAveragesEachBlock() throws DeepfakeException {
        InputSpec spec = spec(2, 2, Resize.STRETCH, Interpolation.AREA, PixelFormat.BGR24);
        FaceCrop crop = cropper.crop(blocks(), FaceBox.of(0, 0, 4, 4, 1), BOX_ITSELF, spec);
        assertThat(new int[] {crop.sample(0, 0, 0), crop.sample(1, 0, 0), crop.sample(0, 1, 0), crop.sample(1, 1, 0)})
                .containsExactly(25, 1, 100, 3);
    }

    @Test
    void areaOrCubicAveragesWhenShrinking() throws DeepfakeException {
        InputSpec spec = spec(2, 2, Resize.STRETCH, Interpolation.AREA_OR_CUBIC, PixelFormat.BGR24);
        FaceCrop crop = cropper.crop(blocks(), FaceBox.of(0, 0, 4, 4, 1), BOX_ITSELF, spec);
        assertThat(new int[] {crop.sample(0, 0, 0), crop.sample(1, 0, 0), crop.sample(0, 1, 0), crop.sample(1, 1, 0)})
                .containsExactly(25, 1, 100, 3);
    }

    @Test
    void areaOrCubicIsBicubicWhenEnlarging() throws DeepfakeException {
        Frame frame = gradient();
        FaceBox box = FaceBox.of(2, 2, 6, 6, 1);
        FaceCrop either = cropper.crop(frame, box, BOX_ITSELF,
                spec(9, 9, Resize.STRETCH, Interpolation.AREA_OR_CUBIC, PixelFormat.BGR24));
        FaceCrop cubic = cropper.crop(frame, box, BOX_ITSELF,
                spec(9, 9, Resize.STRETCH, Interpolation.CUBIC, PixelFormat.BGR24));
        FaceCrop area = cropper.crop(frame, box, BOX_ITSELF,
                spec(9, 9, Resize.STRETCH, Interpolation.AREA, PixelFormat.BGR24));
        assertThat(either.pixels()).isEqualTo(cubic.pixels());
        assertThat(either.pixels()).isNotEqualTo(area.pixels());
    }

    @Test
    void aDirectViewWithRowPaddingCropsLikeTheOwnedFrame() throws DeepfakeException {
        Frame owned = gradient();
        int stride = 10 * 3 + 5;
        ByteBuffer direct = ByteBuffer.allocateDirect(stride * 10 + 7);
        direct.position(7);
        ByteBuffer body = direct.slice();
        byte[] packed = owned.toPackedArray();
        for (int y = 0; y < 10; y++) {
            body.position(y * stride);
            body.put(packed, y * 30, 30);
        }
        body.clear();
        Frame view = Frame.view(3, 0.1, 10, 10, stride, PixelFormat.BGR24, body);
        FaceBox box = FaceBox.of(1, 2, 5, 6, 1);
        InputSpec spec = spec(7, 7, Resize.STRETCH, Interpolation.LINEAR, PixelFormat.RGB24);
        assertThat(cropper.crop(view, box, CropPolicy.DEFAULT, spec).pixels())
                .isEqualTo(cropper.crop(owned, box, CropPolicy.DEFAULT, spec).pixels());
    }

    @Test
    void cropsObamasFaceFromThePhotoToTheClassifierSize() throws DeepfakeException {
        Frame photo = Images.read(TestAssets.require("images/faces/obama.jpg"));
        FaceBox face = FaceBox.of(377, 73, 604, 431, 0.923); // YuNet's reference box (SOURCES.md)
        InputSpec mesonet = spec(256, 256, Resize.STRETCH, Interpolation.LINEAR, PixelFormat.RGB24);
        FaceCrop crop = cropper.crop(photo, face, CropPolicy.DEFAULT, mesonet);
        assertThat(crop.width()).isEqualTo(256);
        assertThat(crop.height()).isEqualTo(256);
        // The 1.3x square (side 465.4) lies inside the photo: no black border, and the crop's centre is the box centre.
        assertThat(crop.sample(0, 0, 0) + crop.sample(0, 0, 1) + crop.sample(0, 0, 2)).isPositive();
        for (int c = 0; c < 3; c++) {
            assertThat(crop.sample(128, 128, c)).isCloseTo(photo.sample(490, 252, 2 - c), org.assertj.core.data.Offset.offset(12));
        }
    }

    @Test
    void aFaceAtThePhotosTopEdgeGetsABlackBandAbove() throws DeepfakeException {
        Frame photo = Images.read(TestAssets.require("images/faces/obama.jpg"));
        // A 200-pixel box touching the top edge: its 2x square starts 100 pixels above the photo.
        FaceBox face = FaceBox.of(400, 0, 600, 200, 1);
        InputSpec spec = spec(100, 100, Resize.STRETCH, Interpolation.AREA, PixelFormat.BGR24);
        FaceCrop crop = cropper.crop(photo, face, CropPolicy.square(2.0), spec);
        for (int x = 0; x < 100; x += 9) {
            assertThat(crop.sample(x, 10, 0) + crop.sample(x, 10, 1) + crop.sample(x, 10, 2)).isZero();
        }
        assertThat(crop.sample(50, 75, 0)).isCloseTo(photo.sample(500, 200, 0), org.assertj.core.data.Offset.offset(20));
    }
}
