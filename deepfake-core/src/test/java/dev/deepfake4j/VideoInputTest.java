package dev.deepfake4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.spi.DecodeOptions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link VideoInput}'s names and views, the SPI's default for decoders that read files only, and the URI opt-in. */
class VideoInputTest {
    private final FakePipeline.Decoder decoder = new FakePipeline.Decoder();

    private DetectorBuilder detector() {
        return DeepfakeDetector.builder().decoder(decoder).cropper(new FakePipeline.Cropper())
                .faceLocator(new FakePipeline.Locator(FaceBox.of(2, 2, 10, 10, 0.9)))
                .classifier(new FakePipeline.ByteClassifier(4, 8, b -> 0.5));
    }

    @Test
    void namesAndReportPaths() {
        assertThat(VideoInput.of(Path.of("a/b.mp4")).reportPath()).isEqualTo(Path.of("a/b.mp4"));
        assertThat(VideoInput.stdin().name()).isEqualTo("-");
        assertThat(VideoInput.stdin().reportPath()).isEqualTo(Path.of("-"));
        assertThat(VideoInput.of(new byte[3], "upload.mp4").describe()).contains("3 bytes").contains("upload.mp4");
        assertThat(VideoInput.of(URI.create("file:/tmp/x.mp4"))).isEqualTo(VideoInput.of(Path.of("/tmp/x.mp4")));
        assertThat(VideoInput.of(URI.create("https://u:p@h.example:8443/v/x.mp4?token=s")).name())
                .isEqualTo("https://h.example:8443/v/x.mp4");
        assertThatThrownBy(() -> VideoInput.of(new ByteArrayInputStream(new byte[0]), ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VideoInput.of(URI.create("relative/x.mp4"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relative/x.mp4");
    }

    @Test
    void bytesAreAReadOnlyViewThatLeavesTheCallersBufferAlone() {
        ByteBuffer caller = ByteBuffer.wrap(new byte[] {9, 1, 2, 3});
        caller.position(1);
        VideoInput.OfBytes in = (VideoInput.OfBytes) VideoInput.of(caller, "b");
        ByteBuffer view = in.buffer();
        assertThat(view.isReadOnly()).isTrue();
        assertThat(view.remaining()).isEqualTo(3);
        assertThat(view.get()).isEqualTo((byte) 1);
        assertThat(in.buffer().position()).as("each call gets its own view").isZero();
        assertThat(caller.position()).isEqualTo(1);
    }

    @Test
    void aFilesOnlyDecoderScoresPathInputsAndRefusesOthersNamingItself() throws Exception {
        try (DeepfakeDetector d = detector().build()) {
            VideoReport r = d.analyze(VideoInput.of(Path.of("8-frames.mp4")));
            assertThat(r.path()).isEqualTo(Path.of("8-frames.mp4"));
            assertThat(d.score(VideoInput.of(Path.of("8-frames.mp4")))).isEqualTo(d.score(Path.of("8-frames.mp4")));
            assertThatThrownBy(() -> d.analyze(VideoInput.of(new ByteArrayInputStream(new byte[10]), "-")))
                    .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT);
                        assertThat(e.getMessage()).contains("'fake'").contains("\"-\"");
                        assertThat(e.path()).contains(Path.of("-"));
                    });
        }
    }

    @Test
    void urisOtherThanFileAreRefusedUnlessTheDetectorAllowsTheirScheme() throws Exception {
        URI http = URI.create("http://127.0.0.1:9/8-frames.mp4");
        try (DeepfakeDetector d = detector().build()) {
            assertThatThrownBy(() -> d.analyze(VideoInput.of(http)))
                    .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT);
                        assertThat(e.getMessage()).contains("'http'").contains("allowProtocols")
                                .contains("allowed: none");
                    });
            assertThat(decoder.open.get()).as("refused before the decoder is asked").isZero();
        }
        try (DeepfakeDetector d = detector().allowProtocols(Set.of("HTTP")).build()) {
            // allowed: it reaches the decoder, which here reads files only
            assertThatThrownBy(() -> d.analyze(VideoInput.of(http)))
                    .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.getMessage())
                            .contains("reads files only"));
            assertThat(decoder.lastOptions.get()).isNull();
        }
        assertThatThrownBy(() -> DeepfakeDetector.builder().allowProtocols(Set.of("file")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file");
        assertThatThrownBy(() -> DeepfakeDetector.builder().allowProtocols(Set.of("ht tp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ht tp");
    }

    @Test
    void decodeOptionsCarryTheNewSettingsThroughToBuilder() {
        DecodeOptions o = DecodeOptions.builder().spoolLimitBytes(1000).allowProtocols(Set.of("https"))
                .spoolDirectory(Path.of("/tmp")).build();
        DecodeOptions copy = o.toBuilder().build();
        assertThat(copy.spoolLimitBytes()).isEqualTo(1000);
        assertThat(copy.allowedProtocols()).containsExactly("https");
        assertThat(copy.spoolDirectory()).contains(Path.of("/tmp"));
        assertThat(DecodeOptions.defaults().allowedProtocols()).isEmpty();
        assertThat(DecodeOptions.defaults().spoolLimitBytes()).isEqualTo(2L << 30);
    }
}
