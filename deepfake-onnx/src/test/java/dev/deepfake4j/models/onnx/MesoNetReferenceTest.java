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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The converted {@code Meso4_DF.onnx} against the Keras reference values in {@code SOURCES.md}: P(real) 0.990 for
 * {@code real_real00240.jpg} and 0.041 for {@code df_df00204.jpg}, i.e. P(fake) 0.010 and 0.959. Images are read with
 * ImageIO and resized nearest-neighbour to 256x256 as Keras' {@code load_img} does (PIL: source pixel
 * {@code floor((x + 0.5) * in / out)}).
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

    @Test
    void real_face_scores_as_the_keras_reference() throws Exception {
        float pFake = meso4.classify(List.of(real))[0];
        LOG.info("Meso4_DF real_real00240.jpg: P(fake) {} (reference 0.010)", pFake);
        assertThat(pFake).isCloseTo(1 - 0.990f, within(0.01f));
    }

    @Test
    void deepfake_face_scores_as_the_keras_reference() throws Exception {
        float pFake = meso4.classify(List.of(fake))[0];
        LOG.info("Meso4_DF df_df00204.jpg: P(fake) {} (reference 0.959)", pFake);
        assertThat(pFake).isCloseTo(1 - 0.041f, within(0.02f));
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
