package dev.deepfake4j.models.efficientnet;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The DFDC winner's preprocessing, written out in the test from the text of
 * {@code dfdc_b0_random.reference.json}: RGB; isotropic resize of the long side to 380 (short side truncated like
 * Python's {@code int()}); zero padding to 380×380 at ((380 − w) // 2, (380 − h) // 2); /255; ImageNet mean/std;
 * NCHW.
 *
 * <p>Every crop of the fixture is enlarged, so only the INTER_CUBIC branch is needed. It is computed here in
 * plain Java, not with OpenCV: the reference was made with pip's {@code cv2}, whose 8-bit INTER_CUBIC goes through
 * Intel IPP, while the Bytedeco OpenCV build has no IPP and uses OpenCV's own fixed-point kernel; the two differ
 * by 1 in about 2% of the resized values, which moves this random-weight network's logits by up to 0.31. A
 * separable cubic (a = −0.75, half-pixel centres, replicated border) evaluated in double, vertical pass first and
 * rounded half to even, differs from IPP in 60 of 4.1 million values and moves the logits by at most 2.3e-3
 * (measured with Python against the fixture ONNX).
 */
final class DfdcCrops {
    static final int SIZE = 380;
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};
    private static final double CUBIC_A = -0.75;

    private DfdcCrops() {
    }

    /** @return float32 [crops.size(), 3, 380, 380] */
    static float[] batch(List<Path> crops) {
        int one = 3 * SIZE * SIZE;
        float[] batch = new float[crops.size() * one];
        for (int n = 0; n < crops.size(); n++) {
            System.arraycopy(tensor(crops.get(n)), 0, batch, n * one, one);
        }
        return batch;
    }

    static float[] tensor(Path image) {
        byte[] rgb;
        int w;
        int h;
        try (Mat bgr = imread(image.toString(), IMREAD_COLOR); Mat converted = new Mat()) {
            if (bgr.empty()) {
                throw new IllegalStateException("cannot read " + image);
            }
            cvtColor(bgr, converted, COLOR_BGR2RGB);
            w = converted.cols();
            h = converted.rows();
            rgb = new byte[w * h * 3];
            converted.data().get(rgb);
        }
        if (Math.max(w, h) > SIZE) {
            throw new IllegalStateException(image + " would be shrunk (INTER_AREA), which this test does not model");
        }
        int nw = w;
        int nh = h;
        if (Math.max(w, h) != SIZE) {
            if (w > h) {
                nh = (int) (h * ((double) SIZE / w));
                nw = SIZE;
            } else {
                nw = (int) (w * ((double) SIZE / h));
                nh = SIZE;
            }
            rgb = cubic(rgb, w, h, nw, nh);
        }
        int plane = SIZE * SIZE;
        float[] chw = new float[3 * plane];
        int x0 = (SIZE - nw) / 2;
        int y0 = (SIZE - nh) / 2;
        for (int c = 0; c < 3; c++) {
            Arrays.fill(chw, c * plane, (c + 1) * plane, normalize(0, c));
            for (int y = 0; y < nh; y++) {
                for (int x = 0; x < nw; x++) {
                    chw[c * plane + (y + y0) * SIZE + x + x0] = normalize(rgb[(y * nw + x) * 3 + c] & 0xFF, c);
                }
            }
        }
        return chw;
    }

    /** float32 arithmetic, as torchvision's Normalize on a float32 tensor. */
    private static float normalize(int v, int c) {
        return (v / 255f - (float) MEAN[c]) / (float) STD[c];
    }

    /** Separable bicubic resize of packed 3-channel bytes, vertical pass first, in double. */
    static byte[] cubic(byte[] src, int w, int h, int nw, int nh) {
        int[][] yIndex = new int[nh][4];
        double[][] yCoef = new double[nh][];
        taps(h, nh, yIndex, yCoef);
        int[][] xIndex = new int[nw][4];
        double[][] xCoef = new double[nw][];
        taps(w, nw, xIndex, xCoef);

        double[] vertical = new double[nh * w * 3];
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double acc = 0;
                    for (int k = 0; k < 4; k++) {
                        acc += (src[(yIndex[y][k] * w + x) * 3 + c] & 0xFF) * yCoef[y][k];
                    }
                    vertical[(y * w + x) * 3 + c] = acc;
                }
            }
        }
        byte[] out = new byte[nh * nw * 3];
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                for (int c = 0; c < 3; c++) {
                    double acc = 0;
                    for (int k = 0; k < 4; k++) {
                        acc += vertical[(y * w + xIndex[x][k]) * 3 + c] * xCoef[x][k];
                    }
                    out[(y * nw + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.rint(acc)));
                }
            }
        }
        return out;
    }

    /** Source taps and weights for each destination position: half-pixel centres, replicated border. */
    private static void taps(int srcSize, int dstSize, int[][] index, double[][] coef) {
        double scale = (double) srcSize / dstSize;
        for (int d = 0; d < dstSize; d++) {
            double f = (d + 0.5) * scale - 0.5;
            int s = (int) Math.floor(f);
            double t = f - s;
            for (int k = 0; k < 4; k++) {
                index[d][k] = Math.min(Math.max(s + k - 1, 0), srcSize - 1);
            }
            double a = CUBIC_A;
            double c0 = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a;
            double c1 = ((a + 2) * t - (a + 3)) * t * t + 1;
            double c2 = ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1;
            coef[d] = new double[] {c0, c1, c2, 1 - c0 - c1 - c2};
        }
    }
}
