package dev.deepfake4j.models.efficientnet;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The three detectors' preprocessing of a face crop, written out in the test from the {@code preprocessing} text
 * of the fixtures' reference JSON, so that the inputs can be compared with the reference {@code input_checksum}:
 * <ul>
 *   <li>ICPR 2020: albumentations {@code PadIfNeeded(224, 224)} with black (top = (224 − h) / 2, rest below; same
 *       for left/right), then {@code Resize(224, 224)} INTER_LINEAR when the size still differs, then
 *       {@code (x − 255·mean)·float32(1/(255·std))} in float32 with ImageNet mean/std;</li>
 *   <li>SBI: resize to 380×380 INTER_LINEAR, /255 in float32;</li>
 *   <li>DeepfakeBench: resize to 256×256 INTER_CUBIC, /255, then (x − 0.5)/0.5 in float32.</li>
 * </ul>
 * Decoding and resizing use the Bytedeco OpenCV build of the video module.
 */
final class EffnetInputs {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    /** The three preprocessing recipes. */
    enum Recipe {
        ICPR(224), SBI(380), DEEPFAKEBENCH(256);

        final int size;

        Recipe(int size) {
            this.size = size;
        }
    }

    private EffnetInputs() {
    }

    /** @return float32 CHW [3, size, size] */
    static float[] tensor(Path image, Recipe recipe) {
        return normalize(rgb(image, recipe), recipe);
    }

    /** @return the crop brought to the recipe's size: packed RGB bytes, [size, size, 3] */
    static byte[] rgb(Path image, Recipe recipe) {
        int s = recipe.size;
        byte[] rgb = new byte[s * s * 3];
        try (Mat bgr = imread(image.toString(), IMREAD_COLOR); Mat img = new Mat()) {
            if (bgr.empty()) {
                throw new IllegalStateException("cannot read " + image);
            }
            cvtColor(bgr, img, COLOR_BGR2RGB);
            Mat current = img;
            Mat padded = new Mat();
            Mat resized = new Mat();
            try {
                if (recipe == Recipe.ICPR && (img.rows() < s || img.cols() < s)) {
                    int h = img.rows();
                    int w = img.cols();
                    int top = Math.max(0, (s - h) / 2);
                    int bottom = Math.max(0, s - h - top);
                    int left = Math.max(0, (s - w) / 2);
                    int right = Math.max(0, s - w - left);
                    copyMakeBorder(img, padded, top, bottom, left, right, BORDER_CONSTANT, new Scalar(0, 0, 0, 0));
                    current = padded;
                }
                if (recipe == Recipe.DEEPFAKEBENCH && (current.rows() != s || current.cols() != s)) {
                    byte[] src = new byte[current.rows() * current.cols() * 3];
                    current.data().get(src);
                    return DfdcCrops.cubic(src, current.cols(), current.rows(), s, s);
                }
                if (current.rows() != s || current.cols() != s) {
                    resize(current, resized, new Size(s, s), 0, 0,
                            recipe == Recipe.DEEPFAKEBENCH ? INTER_CUBIC : INTER_LINEAR);
                    current = resized;
                }
                if (!current.isContinuous()) {
                    throw new IllegalStateException("non-continuous mat");
                }
                current.data().get(rgb);
            } finally {
                padded.close();
                resized.close();
            }
        }
        return rgb;
    }

    private static float[] normalize(byte[] rgb, Recipe recipe) {
        int s = recipe.size;
        int plane = s * s;
        float[] chw = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            float mean = MEAN[c] * 255f;
            float inv = 1f / (STD[c] * 255f);
            for (int i = 0; i < plane; i++) {
                float v = rgb[i * 3 + c] & 0xFF;
                chw[c * plane + i] = switch (recipe) {
                    case ICPR -> (v - mean) * inv;
                    case SBI -> v / 255f;
                    case DEEPFAKEBENCH -> (v / 255f - 0.5f) / 0.5f;
                };
            }
        }
        return chw;
    }

    /** @return sha256 of the float32 little-endian bytes, hex */
    static String sha256(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
