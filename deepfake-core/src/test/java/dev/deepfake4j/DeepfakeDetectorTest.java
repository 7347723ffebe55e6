package dev.deepfake4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.Components;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DeepfakeDetectorTest {
    private final FakePipeline.Decoder decoder = new FakePipeline.Decoder();

    private DetectorBuilder base(FakePipeline.Locator locator, FakePipeline.ByteClassifier classifier) {
        return DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper()).faceLocator(locator)
                .classifier(classifier).components(Components.of(List.of()));
    }

    @Test
    void oneFacePerFrameIsAggregatedByTheConfiguredRule() throws Exception {
        // frames 0..9 sampled uniformly 10 of 10; P(fake) of frame i = i / 10 -> mean 0.45
        var classifier = new FakePipeline.ByteClassifier(4, 8, b -> b / 10.0);
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(2, 2, 10, 10, 0.9)), classifier)
                .sampler(FrameSampler.uniform(10)).aggregation(Aggregation.mean()).build()) {
            VideoReport r = d.analyze(Path.of("10-frames.mp4"));
            assertThat(r.pFake()).isCloseTo(0.45, within(1e-6));
            assertThat(r.label()).isEqualTo(Label.REAL);
            assertThat(r.frames()).hasSize(10);
            assertThat(r.tracks()).hasSize(1);
            assertThat(r.tracks().get(0).faces()).hasSize(10);
            assertThat(r.frames().get(3).faces().get(0).pFake()).isCloseTo(0.3, within(1e-6));
            assertThat(r.frames().get(3).ptsSeconds()).isEqualTo(0.3);
            assertThat(classifier.batches).containsExactly(4, 4, 2); // batched by maxBatchSize
            assertThat(r.timings().total()).isPositive();
        }
        assertThat(decoder.closed.get()).isEqualTo(decoder.open.get());
    }

    @Test
    void theClassifiersDeclaredFaceAggregationIsTheDefaultAndAnExplicitOneWins() throws Exception {
        // P(fake) of frame i = i / 10: the declared max gives 0.9, the confident strategy (mean here) 0.45.
        var classifier = new FakePipeline.ByteClassifier(4, 8, b -> b / 10.0);
        classifier.declared = Aggregation.max();
        FakePipeline.Locator locator = new FakePipeline.Locator(FaceBox.of(2, 2, 10, 10, 0.9));
        try (DeepfakeDetector d = base(locator, classifier).sampler(FrameSampler.uniform(10)).build()) {
            assertThat(d.analyze(Path.of("10-frames.mp4")).pFake()).isCloseTo(0.9, within(1e-6));
        }
        try (DeepfakeDetector d = base(locator, classifier).sampler(FrameSampler.uniform(10))
                .aggregation(Aggregation.mean()).build()) {
            assertThat(d.analyze(Path.of("10-frames.mp4")).pFake()).isCloseTo(0.45, within(1e-6));
        }
        var silent = new FakePipeline.ByteClassifier(4, 8, b -> b / 10.0);
        assertThat(ClassifierDeclarations.faceAggregation(List.of(classifier, silent)).toString()).isEqualTo("confident");
        assertThat(ClassifierDeclarations.faceAggregation(List.of(classifier, classifier)).toString()).isEqualTo("max");
    }

    @Test
    void videoScoreIsTheMaxOverTracksAndClipped() throws Exception {
        // Two people: the face at x=0 scores 0.0 + frame/100, the face at x=300 scores 0.99+ -> clipped to 0.99.
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> b >= 100 ? 1.0 : b / 100.0);
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 0.9),
                FaceBox.of(300, 0, 310, 10, 0.9)), classifier).sampler(FrameSampler.uniform(4)).build()) {
            VideoReport r = d.analyze(Path.of("4-frames.mp4"));
            assertThat(r.tracks()).hasSize(2);
            assertThat(r.tracks().get(0).pFake()).isCloseTo(0.015, within(1e-6)); // mean of 0, .01, .02, .03
            assertThat(r.tracks().get(1).pFake()).isEqualTo(1.0);
            assertThat(r.pFake()).isEqualTo(0.99);
            assertThat(r.label()).isEqualTo(Label.FAKE);
        }
    }

    @Test
    void noFaceGivesThePriorAndAWarning() throws Exception {
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 1.0);
        try (DeepfakeDetector d = base(new FakePipeline.Locator(), classifier).noFacePrior(0.3).build()) {
            VideoReport r = d.analyze(Path.of("40-frames.mp4"));
            assertThat(r.pFake()).isEqualTo(0.3);
            assertThat(r.facesFound()).isFalse();
            assertThat(r.frames()).hasSize(32); // the default sampler: uniform(32)
            assertThat(r.warnings()).anyMatch(w -> w.contains("No face found in 32 sampled frames"));
            assertThat(r.label()).isEqualTo(Label.UNKNOWN); // no evidence is not a verdict of REAL
            assertThat(classifier.batches).isEmpty();
        }
    }

    @Test
    void classifierWarningsAreCopiedIntoEveryReport() throws Exception {
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 0.5);
        classifier.warnings = List.of("CUDA unavailable; running on the CPU");
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)), classifier).build()) {
            assertThat(d.analyze(Path.of("40-frames.mp4")).warnings())
                    .containsOnlyOnce("CUDA unavailable; running on the CPU");
            assertThat(d.analyze(Path.of("40-frames.mp4")).warnings())
                    .containsOnlyOnce("CUDA unavailable; running on the CPU");
        }
    }

    @Test
    void anEnsembleAveragesItsClassifiers() throws Exception {
        var a = new FakePipeline.ByteClassifier(32, 8, b -> 0.2);
        var b = new FakePipeline.ByteClassifier(32, 16, x -> 0.6);
        try (DeepfakeDetector d = DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper())
                .faceLocator(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1))).classifiers(List.of(a, b))
                .aggregation(Aggregation.mean()).components(Components.of(List.of())).build()) {
            assertThat(d.score(Path.of("3-frames.mp4"))).isCloseTo(0.4, within(1e-6));
        }
    }

    @Test
    void modelMeanAggregatesEachClassifierBeforeAveraging() throws Exception {
        // frame i: A says i/20, B says 1 - i/20. Per face the mean is 0.5 -> FACE_MEAN with max gives 0.5;
        // MODEL_MEAN gives (max A + max B) / 2 = (0.45 + 1.0) / 2 = 0.725 (clipped to 0.99 only above).
        for (var mode : dev.deepfake4j.aggregate.EnsembleMode.values()) {
            var a = new FakePipeline.ByteClassifier(32, 8, b -> b / 20.0);
            var b = new FakePipeline.ByteClassifier(32, 8, x -> 1 - x / 20.0);
            try (DeepfakeDetector d = DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper())
                    .faceLocator(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1))).classifiers(List.of(a, b))
                    .sampler(FrameSampler.uniform(10)).aggregation(Aggregation.max()).ensembleMode(mode)
                    .components(Components.of(List.of())).build()) {
                double expected = mode == dev.deepfake4j.aggregate.EnsembleMode.FACE_MEAN ? 0.5 : 0.725;
                assertThat(d.score(Path.of("10-frames.mp4"))).as(mode.name()).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void aClassifierThatNamesItsCropRegionGetsIt() throws Exception {
        var winnerRegion = dev.deepfake4j.face.CropPolicy.proportional(5 / 3.0);
        var spec = dev.deepfake4j.classify.InputSpec.builder(8, 8).cropPolicy(winnerRegion).build();
        var own = new FakePipeline.ByteClassifier(32, spec, b -> 0.5);
        var plain = new FakePipeline.ByteClassifier(32, 8, b -> 0.5);
        var cropper = new FakePipeline.Cropper();
        try (DeepfakeDetector d = DeepfakeDetector.builder().decoder(decoder).cropper(cropper)
                .faceLocator(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1))).classifiers(List.of(own, plain))
                .components(Components.of(List.of())).build()) {
            d.score(Path.of("2-frames.mp4"));
        }
        assertThat(cropper.policiesSeen).containsExactlyInAnyOrder(winnerRegion, dev.deepfake4j.face.CropPolicy.DEFAULT);
        assertThat(spec.sameCrop(plain.inputSpec())).isFalse();
    }

    @Test
    void aLocatorFailureOnTheLocateThreadStopsTheVideoWithItsCode() throws Exception {
        var failing = new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)) {
            @Override
            public List<FaceBox> locate(dev.deepfake4j.image.Frame frame) {
                if (frame.index() == 5) {
                    throw new IllegalStateException("boom at frame 5"); // an unchecked backend failure
                }
                return super.locate(frame);
            }
        };
        try (DeepfakeDetector d = base(failing, new FakePipeline.ByteClassifier(4, 8, b -> 0.5))
                .sampler(FrameSampler.uniform(40)).build()) {
            // one checked type for every failure: the component's exception is the cause, the file is named
            assertThatThrownBy(() -> d.score(Path.of("40-frames.mp4"))).isInstanceOf(DeepfakeException.class)
                    .hasMessageContaining("boom at frame 5").hasMessageContaining("40-frames.mp4")
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .extracting(e -> ((DeepfakeException) e).code()).isEqualTo(ErrorCode.BACKEND_FAILURE);
            // the detector is still usable afterwards
            assertThat(d.score(Path.of("3-frames.mp4"))).isBetween(0.01, 0.99);
        }
        assertThat(decoder.closed.get()).isEqualTo(decoder.open.get());
    }

    @Test
    void framesReachTheLocatorInOrderAndIntact() throws Exception {
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        var recording = new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)) {
            @Override
            public List<FaceBox> locate(dev.deepfake4j.image.Frame frame) {
                // every byte of frame i is i: a frame overwritten by the decoder's next one would show it here
                // (the last pixel of the image given: the whole frame, or the region looked at around the face)
                assertThat(frame.sample(frame.width() - 1, frame.height() - 1, 2)).isEqualTo(frame.index() & 0xFF);
                seen.add(frame.index());
                return super.locate(frame);
            }
        };
        try (DeepfakeDetector d = base(recording, new FakePipeline.ByteClassifier(4, 8, b -> 0.5))
                .sampler(FrameSampler.uniform(60)).build()) {
            d.score(Path.of("60-frames.mp4"));
        }
        assertThat(seen).hasSize(60).isSorted();
    }

    @Test
    void errorsOfTheDecoderReachTheCallerWithTheirCode() throws Exception {
        try (DeepfakeDetector d = base(new FakePipeline.Locator(), new FakePipeline.ByteClassifier(1, 8, b -> 0)).build()) {
            assertThatThrownBy(() -> d.score(Path.of("missing.mp4"))).isInstanceOf(DeepfakeException.class)
                    .satisfies(e -> assertThat(((DeepfakeException) e).code()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                    .hasMessageContaining("missing.mp4");
            assertThatThrownBy(() -> d.score(Path.of("0-frames.mp4"))).isInstanceOf(DeepfakeException.class)
                    .satisfies(e -> assertThat(((DeepfakeException) e).code()).isEqualTo(ErrorCode.DECODE_FAILED));
        }
    }

    @Test
    void aBatchScoresEveryVideoAndKeepsFailuresSeparate() throws Exception {
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 0.8);
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)), classifier)
                .aggregation(Aggregation.mean()).maxConcurrentVideos(2).build()) {
            List<Path> videos = List.of(Path.of("5-frames.mp4"), Path.of("missing.mp4"), Path.of("7-frames.mp4"));
            List<VideoOutcome> out = d.analyzeAll(videos);
            assertThat(out).extracting(VideoOutcome::path).containsExactlyElementsOf(videos);
            assertThat(out.get(0).report().orElseThrow().pFake()).isCloseTo(0.8, within(1e-6));
            assertThat(out.get(1).error().orElseThrow().code()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
            assertThat(out.get(2).isSuccess()).isTrue();
        }
    }

    @Test
    void theFirstVideosOfABatchCountTheVideosQueuedBehindThemWhenSharingDecoderThreads() throws Exception {
        List<Integer> threads = Collections.synchronizedList(new ArrayList<>());
        dev.deepfake4j.spi.VideoDecoder recording = new dev.deepfake4j.spi.VideoDecoder() {
            @Override
            public dev.deepfake4j.spi.VideoSource open(Path path, dev.deepfake4j.spi.DecodeOptions options)
                    throws DeepfakeException {
                threads.add(options.threads());
                return decoder.open(path, options);
            }

            @Override
            public String name() {
                return "recording";
            }
        };
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 0.8);
        try (DeepfakeDetector d = DeepfakeDetector.builder().decoder(recording).cropper(new FakePipeline.Cropper())
                .faceLocator(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1))).classifier(classifier)
                .components(Components.of(List.of())).maxConcurrentVideos(2).build()) {
            List<Path> videos = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                videos.add(Path.of("5-frames.mp4"));
            }
            assertThat(d.analyzeAll(videos)).allMatch(VideoOutcome::isSuccess);
        }
        // 0 would be "alone: every core"; the first two start with 4 more queued, so each gets a share, at least 1
        assertThat(threads).hasSize(6);
        assertThat(threads.subList(0, 2)).allMatch(n -> n >= 1);
    }

    @Test
    void interruptingTheCallerCancelsWithCancelled() throws Exception {
        try (DeepfakeDetector d = base(new FakePipeline.Locator(), new FakePipeline.ByteClassifier(1, 8, b -> 0)).build()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    d.score(Path.of("slow.mp4"));
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            Thread.sleep(100);
            t.interrupt();
            t.join(5000);
            assertThat(t.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOf(DeepfakeException.class);
            assertThat(((DeepfakeException) thrown.get()).code()).isEqualTo(ErrorCode.CANCELLED);
        }
    }

    @Test
    void closeIsIdempotentAndLaterUseFailsClearly() throws Exception {
        DeepfakeDetector d = base(new FakePipeline.Locator(), new FakePipeline.ByteClassifier(1, 8, b -> 0)).build();
        d.close();
        d.close();
        assertThatThrownBy(() -> d.score(Path.of("3-frames.mp4"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void componentsPassedInAreNotClosedByTheDetector() throws Exception {
        var locator = new FakePipeline.Locator();
        base(locator, new FakePipeline.ByteClassifier(1, 8, b -> 0)).build().close();
        assertThat(locator.closed).isFalse();
    }

    @Test
    void defaultComponentsAreCreatedThroughProvidersAndClosedWithTheDetector() throws Exception {
        var locator = new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1));
        var provider = new dev.deepfake4j.spi.ComponentProvider() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public java.util.Optional<dev.deepfake4j.spi.ComponentFactory<dev.deepfake4j.face.FaceLocator>> defaultFaceLocator() {
                return java.util.Optional.of(() -> locator);
            }
        };
        DeepfakeDetector d = DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper())
                .classifier(new FakePipeline.ByteClassifier(1, 8, b -> 0.7)).components(Components.of(List.of(provider)))
                .build();
        assertThat(d.describe()).contains("fake-locator");
        d.close();
        assertThat(locator.closed).isTrue();
    }

    @Test
    void aMissingModuleIsNamedInTheError() {
        assertThatThrownBy(() -> DeepfakeDetector.builder().components(Components.of(List.of())).build())
                .isInstanceOf(DeepfakeException.class)
                .satisfies(e -> assertThat(((DeepfakeException) e).code()).isEqualTo(ErrorCode.MISSING_COMPONENT))
                .hasMessageContaining("dev.deepfake4j:deepfake-video");
    }

    @Test
    void builderRejectsBadValuesNamingThem() {
        DetectorBuilder b = DeepfakeDetector.builder();
        assertThatThrownBy(() -> b.threshold(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> b.clipEpsilon(-0.1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> b.noFacePrior(2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2.0");
        assertThatThrownBy(() -> b.maxConcurrentVideos(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> b.classifiers(List.of())).isInstanceOf(IllegalArgumentException.class);
        b.sampler(FrameSampler.uniform(8));
        assertThatThrownBy(() -> b.sampler(FrameSampler.uniform(16))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("uniform:8");
    }

    @Test
    void detectEveryThirdFrameLooksOnlyAroundTheFaceOnTheFramesBetween() throws Exception {
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 0.5);
        List<Integer> widths = Collections.synchronizedList(new ArrayList<>());
        FakePipeline.Locator locator = new FakePipeline.Locator() {
            @Override
            public List<FaceBox> locate(Frame frame) {
                widths.add(frame.width());
                // the face at (4, 4)-(8, 8) of the 16x16 frame, in the pixels of the image given (a region of it)
                int start = frame.pixels().position();
                int ox = start % (16 * 3) / 3;
                int oy = start / (16 * 3);
                return List.of(FaceBox.of(4 - ox, 4 - oy, 8 - ox, 8 - oy, 0.9));
            }
        };
        try (DeepfakeDetector d = base(locator, classifier).sampler(FrameSampler.uniform(6)).detectEvery(3).build()) {
            VideoReport r = d.analyze(Path.of("6-frames.mp4"));
            assertThat(r.frames()).allSatisfy(f -> assertThat(f.faces()).hasSize(1));
        }
        // frames 0 and 3 whole (16 pixels wide); 1, 2, 4, 5 in the 8-pixel box twice the face's size around it
        assertThat(widths).containsExactly(16, 8, 8, 16, 8, 8);
        assertThatThrownBy(() -> DeepfakeDetector.builder().detectEvery(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    void thumbnailsAreKeptOnlyWhenAskedFor() throws Exception {
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 0.5);
        try (DeepfakeDetector d = base(new FakePipeline.Locator(), classifier).thumbnails(16).build()) {
            VideoReport r = d.analyze(Path.of("3-frames.mp4"));
            var thumb = r.frames().get(2).thumbnailIfKept().orElseThrow();
            assertThat(thumb.isOwned()).isTrue();
            assertThat(thumb.width()).isEqualTo(16);
            assertThat(thumb.sample(5, 5, 1)).isEqualTo(2); // every byte of frame 2 is 2
        }
        try (DeepfakeDetector d = base(new FakePipeline.Locator(), classifier).build()) {
            assertThat(d.analyze(Path.of("3-frames.mp4")).frames().get(0).thumbnailIfKept()).isEmpty();
        }
    }

    @Test
    void streamingBatchDeliversEveryOutcomeOnTheCallingThread() throws Exception {
        var classifier = new FakePipeline.ByteClassifier(32, 8, b -> 0.8);
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1)), classifier).build()) {
            List<String> threads = new ArrayList<>();
            List<VideoOutcome> seen = new ArrayList<>();
            d.analyzeAll(List.of(Path.of("2-frames.mp4"), Path.of("3-frames.mp4")), o -> {
                threads.add(Thread.currentThread().getName());
                seen.add(o);
            });
            assertThat(seen).hasSize(2).allMatch(VideoOutcome::isSuccess);
            assertThat(threads).containsOnly(Thread.currentThread().getName());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeDuringABatchReportsEveryVideoInsteadOfWaitingForeverForDroppedOnes() throws Exception {
        DeepfakeDetector d = base(new FakePipeline.Locator(), new FakePipeline.ByteClassifier(1, 8, b -> 0))
                .maxConcurrentVideos(1).build();
        // One thread: slow.mp4 runs (blocked until interrupted), the three others wait in the queue.
        List<Path> videos = List.of(Path.of("slow.mp4"), Path.of("3-frames.mp4"), Path.of("4-frames.mp4"),
                Path.of("5-frames.mp4"));
        CountDownLatch slowStarted = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            try {
                while (decoder.open.get() == 0) {
                    Thread.sleep(5);
                }
                slowStarted.countDown();
                d.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closer.start();
        List<VideoOutcome> out = d.analyzeAll(videos);
        closer.join();
        assertThat(slowStarted.getCount()).isZero();
        assertThat(out).extracting(VideoOutcome::path).containsExactlyElementsOf(videos);
        assertThat(out).allSatisfy(o -> assertThat(o.error().orElseThrow().code()).isEqualTo(ErrorCode.CANCELLED));
        assertThatThrownBy(() -> d.score(Path.of("3-frames.mp4"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aVideoOverTheTimeLimitIsCancelledAndNamed() throws Exception {
        // 40 frames, each taking 50 ms to "locate": 2 s in all, against a limit of 200 ms.
        FakePipeline.Locator oneFace = new FakePipeline.Locator(FaceBox.of(0, 0, 10, 10, 1));
        dev.deepfake4j.face.FaceLocator slowLocator = new dev.deepfake4j.face.FaceLocator() {
            @Override
            public List<FaceBox> locate(dev.deepfake4j.image.Frame frame) throws DeepfakeException {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return oneFace.locate(frame);
            }

            @Override
            public String name() {
                return "slow";
            }

            @Override
            public void close() {
            }
        };
        try (DeepfakeDetector d = DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper())
                .faceLocator(slowLocator).components(Components.of(List.of()))
                .classifier(new FakePipeline.ByteClassifier(32, 8, b -> 0.5))
                .sampler(FrameSampler.uniform(40)).videoTimeout(java.time.Duration.ofMillis(200)).build()) {
            Path video = Path.of("40-frames.mp4");
            assertThatThrownBy(() -> d.analyze(video)).isInstanceOfSatisfying(DeepfakeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
                assertThat(e.getMessage()).contains("40-frames.mp4").contains("time limit of 200 ms");
            });
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void builderRejectsANonPositiveVideoTimeout() {
        assertThatThrownBy(() -> DeepfakeDetector.builder().videoTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("videoTimeout");
    }
}
