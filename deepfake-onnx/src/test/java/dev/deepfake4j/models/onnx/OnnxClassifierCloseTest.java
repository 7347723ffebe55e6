package dev.deepfake4j.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.PositiveClass;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link OnnxClassifier#close()} frees what every thread allocated, not only the closing thread's buffers. */
class OnnxClassifierCloseTest {
    static final int THREADS = 3;

    static OnnxClassifier open(InputSpec.Layout layout, boolean float16) throws Exception {
        ModelManifest m = OnnxClassifierTest.manifest(layout, PixelFormat.RGB24, true, OutputKind.LOGIT,
                PositiveClass.FAKE).build();
        TinyModel model = OnnxClassifierTest.handModel(layout, OutputKind.LOGIT);
        return OnnxClassifier.builder(m).open((float16 ? model.float16Input() : model).bytes());
    }

    /** Classifies on {@code THREADS} pool threads at once, so each of them gets (and keeps) its own buffers. */
    static void classifyOnEveryPoolThread(OnnxClassifier c, ExecutorService pool) throws Exception {
        CyclicBarrier together = new CyclicBarrier(THREADS);
        List<Future<float[]>> scores = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            scores.add(pool.submit(() -> {
                together.await(10, TimeUnit.SECONDS);
                return c.classify(List.of(OnnxClassifierTest.handCrop(), OnnxClassifierTest.handCrop()));
            }));
        }
        for (Future<float[]> f : scores) {
            // z = 1.4 (normalisation A, RGB; see OnnxClassifierTest); float16 inputs round it a little
            float p = (float) (1 / (1 + Math.exp(-1.4)));
            assertThat(f.get(30, TimeUnit.SECONDS)).containsExactly(new float[] {p, p}, within(1e-3f));
        }
    }

    @Test
    void close_releases_the_buffers_of_every_thread_that_classified() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (boolean float16 : new boolean[] {false, true}) {
                OnnxClassifier c = open(InputSpec.Layout.NHWC, float16);
                classifyOnEveryPoolThread(c, pool);
                assertThat(c.liveInputBuffers()).isEqualTo(THREADS);
                c.close(); // on the test thread, which never classified
                assertThat(c.liveInputBuffers()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closing_from_one_of_the_classifying_threads_releases_the_others_too() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            OnnxClassifier c = open(InputSpec.Layout.NCHW, false);
            classifyOnEveryPoolThread(c, pool);
            pool.submit(c::close).get(30, TimeUnit.SECONDS);
            assertThat(c.liveInputBuffers()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_pool_thread_that_kept_its_buffer_cannot_classify_after_close() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            OnnxClassifier c = open(InputSpec.Layout.NCHW, false);
            classifyOnEveryPoolThread(c, pool);
            c.close();
            List<FaceCrop> crops = List.of(OnnxClassifierTest.handCrop());
            for (int t = 0; t < THREADS; t++) {
                Future<float[]> after = pool.submit(() -> c.classify(crops));
                assertThatThrownBy(after::get).hasCauseInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("closed");
            }
            assertThat(c.liveInputBuffers()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
