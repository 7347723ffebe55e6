package dev.deepfake4j.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.spi.Components;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoComponentProviderTest {
    @Test
    void withoutTheModelsModuleTheDefaultLocatorIsMissingAndNamedNotAQuietCascade() {
        Components videoOnly = Components.of(List.of(new VideoComponentProvider()));
        assertThatThrownBy(videoOnly::createFaceLocator).isInstanceOf(DeepfakeException.class)
                .hasMessageContaining("dev.deepfake4j:deepfake-models")
                .extracting(e -> ((DeepfakeException) e).code()).isEqualTo(ErrorCode.MISSING_COMPONENT);
    }

    @Test
    void itStillProvidesTheDecoderAndTheCropper() throws Exception {
        Components videoOnly = Components.of(List.of(new VideoComponentProvider()));
        assertThat(videoOnly.videoDecoder().name()).isEqualTo("ffmpeg");
        assertThat(videoOnly.faceCropper()).isNotNull();
    }
}
