package dev.deepfake4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.aggregate.EnsembleMode;
import dev.deepfake4j.classify.ClassifierEnsemble;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.Components;
import dev.deepfake4j.spi.DecodeOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API's promises that a read of the code found broken (issue 13), each with the case that showed it. */
class DetectorContractTest {
    private final FakePipeline.Decoder decoder = new FakePipeline.Decoder();

    private DetectorBuilder base(FakePipeline.Locator locator, FakePipeline.ByteClassifier classifier) {
        return DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper()).faceLocator(locator)
                .classifier(classifier).components(Components.of(List.of()));
    }

    @Test
    void aVideoTimeoutKeepsEveryOtherDecodeOption() throws Exception {
        DecodeOptions asked = DecodeOptions.builder().threads(3).fastSeek(true).skipLoopFilter(true).scaleLongSide(720)
                .hardwareDecoding(DecodeOptions.HardwareDecoding.CUDA).build();
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)),
                new FakePipeline.ByteClassifier(8, 8, b -> 0.5)).decodeOptions(asked)
                .videoTimeout(Duration.ofSeconds(7)).build()) {
            d.score(Path.of("3-frames.mp4"));
        }
        DecodeOptions used = decoder.lastOptions.get();
        assertThat(used.hardwareDecoding()).isEqualTo(DecodeOptions.HardwareDecoding.CUDA);
        assertThat(used.threads()).isEqualTo(3);
        assertThat(used.fastSeek()).isTrue();
        assertThat(used.skipLoopFilter()).isTrue();
        assertThat(used.scaleLongSide()).isEqualTo(720);
        assertThat(used.timeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aComponentsIllegalStateIsABackendFailureNotACancellation() throws Exception {
        var broken = new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)) {
            @Override
            public List<FaceBox> locate(Frame frame) {
                throw new IllegalStateException("session not initialised");
            }
        };
        try (DeepfakeDetector d = base(broken, new FakePipeline.ByteClassifier(8, 8, b -> 0.5)).build()) {
            List<VideoOutcome> out = d.analyzeAll(List.of(Path.of("5-frames.mp4")));
            DeepfakeException error = out.get(0).error().orElseThrow();
            assertThat(error.code()).isEqualTo(ErrorCode.BACKEND_FAILURE);
            assertThat(error).hasMessageContaining("session not initialised").hasMessageContaining("5-frames.mp4");
        }
    }

    @Test
    void aClosedDetectorRefusesWithItsOwnType() throws Exception {
        DeepfakeDetector d = base(new FakePipeline.Locator(), new FakePipeline.ByteClassifier(8, 8, b -> 0)).build();
        d.close();
        assertThatThrownBy(() -> d.analyze(Path.of("3-frames.mp4"))).isInstanceOf(DetectorClosedException.class);
        assertThatThrownBy(() -> d.analyzeAll(List.of(Path.of("3-frames.mp4"))))
                .isInstanceOf(DetectorClosedException.class);
    }

    @Test
    @Timeout(20)
    void aThrowingCallbackCancelsTheRestOfTheBatch() throws Exception {
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)),
                new FakePipeline.ByteClassifier(8, 8, b -> 0.5)).maxConcurrentVideos(2).build()) {
            List<Path> videos = List.of(Path.of("3-frames.mp4"), Path.of("slow-1.mp4"), Path.of("slow-2.mp4"));
            assertThatThrownBy(() -> d.analyzeAll(videos, outcome -> {
                throw new IllegalArgumentException("the caller's own bug");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("the caller's own bug");
            // the slow videos wait forever unless cancelled: every opened source must come back closed, while
            // the detector is still open (close() would cancel them anyway)
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (decoder.closed.get() < decoder.open.get() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(decoder.closed.get()).isEqualTo(decoder.open.get());
        }
    }

    @Test
    void batchOrderIsRestoredWithoutComparingPaths() throws Exception {
        AtomicInteger equalsCalls = new AtomicInteger();
        List<Path> videos = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            videos.add(counting(Path.of((3 + i % 5) + "-frames-" + i + ".mp4"), equalsCalls));
        }
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)),
                new FakePipeline.ByteClassifier(8, 8, b -> 0.5)).maxConcurrentVideos(3).build()) {
            List<VideoOutcome> out = d.analyzeAll(videos);
            for (int i = 0; i < videos.size(); i++) {
                assertThat(out.get(i).path()).isSameAs(videos.get(i));
                assertThat(out.get(i).isSuccess()).isTrue();
            }
        }
        // matching outcomes to inputs by Path.equals costs n²/2 comparisons (1,800 here); by position, none
        assertThat(equalsCalls.get()).isLessThan(videos.size());
    }

    @Test
    void tooFewFacesIsUnknownWithThePrior() throws Exception {
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 0.9);
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)), classifier)
                .sampler(FrameSampler.uniform(10)).minFaces(11).noFacePrior(0.4).build()) {
            VideoReport r = d.analyze(Path.of("10-frames.mp4"));
            assertThat(r.label()).isEqualTo(Label.UNKNOWN);
            assertThat(r.pFake()).isEqualTo(0.4);
            assertThat(r.warnings()).anyMatch(w -> w.contains("Only 10 face(s)") && w.contains("UNKNOWN"));
        }
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)), classifier)
                .sampler(FrameSampler.uniform(10)).minFaces(10).build()) {
            VideoReport r = d.analyze(Path.of("10-frames.mp4"));
            assertThat(r.label()).isEqualTo(Label.FAKE);
            assertThat(r.pFake()).isCloseTo(0.9, within(1e-6));
        }
    }

    @Test
    void anEnsemblePresetBringsItsOwnRule() throws Exception {
        // frame i: A says i/20, B says 1 - i/20; with max per track MODEL_MEAN gives (0.45 + 1.0) / 2, FACE_MEAN 0.5
        var a = new FakePipeline.ByteClassifier(32, 8, b -> b / 20.0);
        var b = new FakePipeline.ByteClassifier(32, 8, x -> 1 - x / 20.0);
        ClassifierEnsemble preset = new ClassifierEnsemble("pair", List.of(a, b), EnsembleMode.MODEL_MEAN);
        try (DeepfakeDetector d = DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper())
                .faceLocator(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1))).ensemble(preset)
                .sampler(FrameSampler.uniform(10)).aggregation(Aggregation.max())
                .components(Components.of(List.of())).build()) {
            assertThat(d.score(Path.of("10-frames.mp4"))).isCloseTo(0.725, within(1e-6));
        }
        assertThatThrownBy(() -> DeepfakeDetector.builder().ensemble(preset).ensembleMode(EnsembleMode.FACE_MEAN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MODEL_MEAN");
    }

    /** A path that counts how often {@code equals} is called on it. */
    private static Path counting(Path real, AtomicInteger equalsCalls) {
        return (Path) Proxy.newProxyInstance(Path.class.getClassLoader(), new Class<?>[] {Path.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("equals")) {
                        equalsCalls.incrementAndGet();
                        return proxy == args[0];
                    }
                    if (method.getName().equals("hashCode")) {
                        return System.identityHashCode(proxy);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
