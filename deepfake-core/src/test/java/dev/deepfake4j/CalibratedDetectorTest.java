package dev.deepfake4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.calibrate.Calibration;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.calibrate.PlattCalibration;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.Components;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CalibratedDetectorTest {
    private final FakePipeline.Decoder decoder = new FakePipeline.Decoder();

    private DetectorBuilder base(FakePipeline.Locator locator) {
        // frames 0..9, P(fake) of frame i = i / 10 → mean 0.45
        return DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper()).faceLocator(locator)
                .classifier(new FakePipeline.ByteClassifier(4, 8, b -> b / 10.0)).components(Components.of(List.of()))
                .sampler(FrameSampler.uniform(10)).aggregation(Aggregation.mean());
    }

    private static FittedCalibration fitted(PlattCalibration map, List<String> models) {
        return new FittedCalibration(map, 5, 4, 1, models, "", Instant.EPOCH, 5, Map.of("raw", 0.6, "platt", 0.5));
    }

    @Test
    void theReportCarriesTheCalibratedScoreAndItsLabelAndKeepsTheRawOne() throws Exception {
        // slope 1, intercept ln 2 doubles the odds: raw 0.45 (odds 9/11) → odds 18/11 → 18/29 ≈ 0.6207, FAKE
        try (DeepfakeDetector d = base(new FakePipeline.Locator(FaceBox.of(2, 2, 10, 10, 0.9)))
                .calibration(fitted(new PlattCalibration(1, Math.log(2), 0.01, false), List.of("byte"))).build()) {
            VideoReport r = d.analyze(Path.of("10-frames.mp4"));
            assertThat(r.rawPFake()).isCloseTo(0.45, within(1e-6));
            assertThat(r.pFake()).isCloseTo(18.0 / 29, within(1e-6));
            assertThat(r.label()).isEqualTo(Label.FAKE);
            assertThat(r.calibrated()).isTrue();
            assertThat(d.classifierNames()).containsExactly("byte");
            assertThat(d.describe()).contains("calibration=platt");
        }
    }

    @Test
    void anUnknownVerdictKeepsThePriorUncalibrated() throws Exception {
        try (DeepfakeDetector d = base(new FakePipeline.Locator())
                .calibration(new PlattCalibration(1, Math.log(2), 0.01, false)).build()) {
            VideoReport r = d.analyze(Path.of("10-frames.mp4"));
            assertThat(r.label()).isEqualTo(Label.UNKNOWN);
            assertThat(r.pFake()).isEqualTo(0.5);
            assertThat(r.rawPFake()).isEqualTo(0.5);
        }
    }

    @Test
    void aCalibrationFittedForOtherModelsIsRefusedAtBuildNamingBoth() {
        assertThatThrownBy(() -> base(new FakePipeline.Locator())
                .calibration(fitted(new PlattCalibration(1, 0, 0.01, false), List.of("mesonet4-df"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[mesonet4-df]").hasMessageContaining("[byte]");
        assertThatThrownBy(() -> DeepfakeDetector.builder().calibration(new PlattCalibration(1, 0, 0.01, false))
                .calibration(new PlattCalibration(2, 0, 0.01, false))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("calibration was already set");
    }

    /** The byte classifier (P(fake) = frame / 10), carrying {@code carried} as a model manifest would. */
    private static Classifier carrying(Calibration carried) {
        FakePipeline.ByteClassifier inner = new FakePipeline.ByteClassifier(4, 8, b -> b / 10.0);
        return new Classifier() {
            @Override
            public InputSpec inputSpec() {
                return inner.inputSpec();
            }

            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public float[] classify(List<FaceCrop> crops) {
                return inner.classify(crops);
            }

            @Override
            public Optional<Calibration> calibration() {
                return Optional.of(carried);
            }
        };
    }

    private DetectorBuilder carried(Classifier... classifiers) {
        return DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper())
                .faceLocator(new FakePipeline.Locator(FaceBox.of(2, 2, 10, 10, 0.9))).classifiers(List.of(classifiers))
                .components(Components.of(List.of())).sampler(FrameSampler.uniform(10)).aggregation(Aggregation.mean());
    }

    @Test
    void aCalibrationTheOnlyClassifierCarriesIsAppliedCheckedAndReplacedByTheBuilders() throws Exception {
        // carried: odds doubled, raw 0.45 → 18/29; the builder's (slope 1, intercept 0) leaves 0.45 as it is
        Classifier c = carrying(fitted(new PlattCalibration(1, Math.log(2), 0.01, false), List.of("byte")));
        try (DeepfakeDetector d = carried(c).build()) {
            VideoReport r = d.analyze(Path.of("10-frames.mp4"));
            assertThat(r.pFake()).isCloseTo(18.0 / 29, within(1e-6));
            assertThat(r.rawPFake()).isCloseTo(0.45, within(1e-6));
        }
        try (DeepfakeDetector d = carried(c).calibration(new PlattCalibration(1, 0, 0.01, false)).build()) {
            assertThat(d.analyze(Path.of("10-frames.mp4")).pFake()).isCloseTo(0.45, within(1e-6));
        }
        Classifier wrong = carrying(fitted(new PlattCalibration(1, 0, 0.01, false), List.of("mesonet4-df")));
        assertThatThrownBy(() -> carried(wrong).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[mesonet4-df]").hasMessageContaining("[byte]");
        // in an ensemble a member's calibration is not applied: mean of two identical members stays 0.45
        try (DeepfakeDetector d = carried(c, carrying(fitted(new PlattCalibration(1, 0, 0.01, false),
                List.of("other")))).build()) {
            assertThat(d.analyze(Path.of("10-frames.mp4")).pFake()).isCloseTo(0.45, within(1e-6));
        }
    }
}
