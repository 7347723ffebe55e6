package dev.deepfake4j.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.PositiveClass;
import dev.deepfake4j.testing.TestAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The converted {@code Meso4_DF.onnx} against the Keras reference values in {@code SOURCES.md} ("MesoNet": Meso4_DF
 * on the MesoNet repository's 4 test images, Keras-TF 2.21): P(real) 0.041 ({@code df_df00204.jpg}), 0.049
 * ({@code df_df01254.jpg}), 0.990 ({@code real_real00240.jpg}) and 0.998 ({@code real_real00772.jpg}). They are given
 * to 3 decimals, so a score matches when it is within half a unit of the third decimal, 5e-4 (SOURCES.md measured the
 * ONNX conversion within 5e-7 of Keras). Images are read with ImageIO and resized nearest-neighbour to 256x256 as
 * Keras' {@code load_img} does (PIL: source pixel {@code floor((x + 0.5) * in / out)}).
 *
 * <p>A second, finer reference: the same preprocessing written again in Python (OpenCV's JPEG decoder, the same
 * nearest rule, ONNX Runtime 1.30), {@code golden_crosscheck.py --assets ASSETS --crops
 * ASSETS/images/face_crops/mesonet} (deepfake-benchmarks/scripts, see docs/golden/README.md), printed P(real)
 * 0.04141184687614441, 0.048693686723709106, 0.9897475242614746 and 0.9977015256881714; the crops read here must
 * score those within 1e-5 (two JPEG decoders may round a few pixels differently; here they agreed within 1e-7).
 */
class MesoNetReferenceTest {
    private static final Logger LOG = LoggerFactory.getLogger(MesoNetReferenceTest.class);
    static final ModelManifest MESO4 = ModelManifest.builder("mesonet4-df")
            .input("input", 256, 256)
            .layout(InputSpec.Layout.NCHW)
            .channels(PixelFormat.RGB24)
            .scale(1f / 255f)
            .interpolation(InputSpec.Interpolation.NEAREST)
            .output("prob_real", OutputKind.PROBABILITY, 0, PositiveClass.REAL)
            .license("Apache-2.0")
            .build();

    /** Half a unit of the Keras reference values' third decimal. */
    private static final double REFERENCE_TOLERANCE = 5e-4;
    /** Against the Python cross-check's full-precision values. */
    private static final double CROSS_CHECK_TOLERANCE = 1e-5;

    static OnnxClassifier meso4;
    static FaceCrop real;
    static FaceCrop fake;

    @BeforeAll
    static void open() throws Exception {
        meso4 = OnnxClassifier.open(TestAssets.require("models/deepfake/mesonet/Meso4_DF.onnx"), MESO4);
        real = readCrop(TestAssets.require("images/face_crops/mesonet/real_real00240.jpg"));
        fake = readCrop(TestAssets.require("images/face_crops/mesonet/df_df00204.jpg"));
    }

    @AfterAll
    static void close() {
        if (meso4 != null) {
            meso4.close();
        }
    }

    static FaceCrop readCrop(Path jpeg) throws IOException {
        BufferedImage img = ImageIO.read(jpeg.toFile());
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] px = new byte[256 * 256 * 3];
        for (int y = 0; y < 256; y++) {
            int sy = Math.min(h - 1, (int) Math.floor((y + 0.5) * h / 256));
            for (int x = 0; x < 256; x++) {
                int sx = Math.min(w - 1, (int) Math.floor((x + 0.5) * w / 256));
                int rgb = img.getRGB(sx, sy);
                int o = (y * 256 + x) * 3;
                px[o] = (byte) (rgb >> 16);
                px[o + 1] = (byte) (rgb >> 8);
                px[o + 2] = (byte) rgb;
            }
        }
        return new FaceCrop(0, 0, FaceBox.of(0, 0, w, h, 1), 256, 256, PixelFormat.RGB24, px);
    }

    @ParameterizedTest(name = "{0}: P(real) {1}")
    @CsvSource({"df_df00204.jpg, 0.041, 0.04141184687614441", "df_df01254.jpg, 0.049, 0.048693686723709106",
            "real_real00240.jpg, 0.990, 0.9897475242614746", "real_real00772.jpg, 0.998, 0.9977015256881714"})
    void each_test_image_scores_as_the_keras_reference(String image, double kerasPReal, double crossCheckPReal)
            throws Exception {
        FaceCrop crop = readCrop(TestAssets.require("images/face_crops/mesonet/" + image));
        float pFake = meso4.classify(List.of(crop))[0];
        LOG.info("Meso4_DF {}: P(fake) {} (Keras reference {})", image, pFake, 1 - kerasPReal);
        assertThat((double) pFake).isCloseTo(1 - kerasPReal, within(REFERENCE_TOLERANCE));
        assertThat((double) pFake).isCloseTo(1 - crossCheckPReal, within(CROSS_CHECK_TOLERANCE));
    }

    @Test
    void batch_gives_the_scores_of_single_crops() throws Exception {
        float pReal = meso4.classify(List.of(real))[0];
        float pFake = meso4.classify(List.of(fake))[0];
        assertThat(meso4.classify(List.of(real, fake, real))).containsExactly(new float[] {pReal, pFake, pReal},
                within(1e-5f));
    }

    @Test
    void eight_threads_sharing_one_classifier_get_the_single_thread_numbers() throws Exception {
        List<FaceCrop> batch = List.of(real, fake, fake, real, real);
        float[] expected = meso4.classify(batch);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<float[]>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    List<float[]> results = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        results.add(meso4.classify(batch));
                    }
                    return results;
                }));
            }
            for (Future<List<float[]>> f : futures) {
                for (float[] got : f.get()) {
                    assertThat(got).containsExactly(expected);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
