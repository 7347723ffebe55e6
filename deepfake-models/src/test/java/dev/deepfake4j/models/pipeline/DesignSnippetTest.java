package dev.deepfake4j.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.models.Classifiers;
import dev.deepfake4j.models.FaceLocators;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The API example of DESIGN.md and the README, compiled and run as written (only the path differs). */
class DesignSnippetTest {
    @Test
    void theDesignExampleRunsAsWritten() throws Exception {
        Path clip = TestAssets.require("videos/labelled/ffpp/youtube_519.mp4");
        try (var locator = FaceLocators.yunet(); var classifier = Classifiers.fromRegistry("mesonet4-df");
                DeepfakeDetector detector = DeepfakeDetector.builder()
                        .sampler(FrameSampler.uniform(32))
                        .faceLocator(locator)
                        .classifier(classifier)
                        .aggregation(Aggregation.confidentStrategy())
                        .build()) {
            double p = detector.score(clip);                  // P(fake) in [0,1]
            VideoReport report = detector.analyze(clip);      // p_fake + frames, faces, tracks, timings
            // Written out, the defaults give what DeepfakeDetector.builder().build() gives: the golden score.
            assertThat(p).isCloseTo(GoldenScoresTest.of("ffpp/youtube_519.mp4").pFake(),
                    within(GoldenScoresTest.DEFAULT_TOLERANCE));
            assertThat(report.pFake()).isEqualTo(p);          // the pipeline is deterministic
            assertThat(report.frames()).hasSize(32);
            assertThat(report.tracks()).isNotEmpty();
            assertThat(report.timings().total()).isPositive();
        }
    }
}
