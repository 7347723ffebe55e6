package dev.deepfake4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.explain.OcclusionOptions;
import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.TrackedFace;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.Components;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code keepCrops()} keeps the crop each face was scored on; {@code explain} maps it with the detector's classifier. */
class ExplainDetectorTest {
    private final FakePipeline.Decoder decoder = new FakePipeline.Decoder();

    private DetectorBuilder base(FakePipeline.ByteClassifier classifier) {
        return DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper())
                .faceLocator(new FakePipeline.Locator(FaceBox.of(2, 2, 10, 10, 0.9))).classifier(classifier)
                .components(Components.of(List.of())).sampler(FrameSampler.uniform(4));
    }

    @Test
    void keptCropsAreTheOnesScoredAndExplainMapsThem() throws Exception {
        // P(fake) = byte (0, 0) / 10; frame 3's crop is all 3s → 0.3; a black patch over (0, 0) makes it 0
        var classifier = new FakePipeline.ByteClassifier(8, 8, b -> b / 10.0);
        try (DeepfakeDetector d = base(classifier).keepCrops().build()) {
            VideoReport r = d.analyze(Path.of("4-frames.mp4"));
            TrackedFace face = r.frames().get(3).faces().get(0);
            FaceCrop crop = face.cropIfKept().orElseThrow();
            assertThat(crop.width()).isEqualTo(8);
            assertThat(crop.frameIndex()).isEqualTo(3);
            assertThat(crop.sample(5, 5, 0)).isEqualTo(3);

            List<SensitivityMap> maps = d.explain(crop, new OcclusionOptions(4, 4, 0));
            assertThat(maps).hasSize(1);
            assertThat(maps.get(0).baseline()).isCloseTo(face.pFake(), within(1e-6));
            assertThat(maps.get(0).value(0, 0)).isCloseTo(0.3f, within(1e-6f));
            assertThat(maps.get(0).value(1, 0)).isEqualTo(0f);
            assertThat(maps.get(0).value(1, 1)).isEqualTo(0f);

            FaceCrop other = new FaceCrop(0, 0, FaceBox.of(0, 0, 4, 4, 1), 4, 4, PixelFormat.BGR24, new byte[48]);
            assertThatThrownBy(() -> d.explain(other, new OcclusionOptions(2, 2, 0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[byte]");
        }
    }

    @Test
    void withoutKeepCropsNoCropIsHeldAndAClosedDetectorRefuses() throws Exception {
        var classifier = new FakePipeline.ByteClassifier(8, 8, b -> b / 10.0);
        DeepfakeDetector d = base(classifier).build();
        VideoReport r = d.analyze(Path.of("4-frames.mp4"));
        assertThat(r.frames().get(1).faces().get(0).cropIfKept()).isEmpty();
        d.close();
        FaceCrop crop = new FaceCrop(0, 0, FaceBox.of(0, 0, 8, 8, 1), 8, 8, PixelFormat.BGR24, new byte[192]);
        assertThatThrownBy(() -> d.explain(crop, new OcclusionOptions(4, 4, 0)))
                .isInstanceOf(DetectorClosedException.class);
    }
}
