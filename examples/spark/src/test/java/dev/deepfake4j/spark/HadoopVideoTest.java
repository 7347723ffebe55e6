package dev.deepfake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.testing.GoldenTolerance;
import dev.deepfake4j.testing.TestAssets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link HadoopVideo} hands each kind of listed path to the detector, and what its errors say. */
class HadoopVideoTest {
    private static final String CLIP = "videos/labelled/ffpp/Deepfakes_003_000.mp4";
    /** The default detector's p_fake of {@link #CLIP} at 32 frames (docs/golden/README.md). */
    private static final double GOLDEN = 0.41620752587914467;

    @TempDir
    Path dir;

    private static Configuration remoteConf() {
        Configuration conf = new Configuration();
        conf.set("fs." + LocalDiskAsRemoteFileSystem.SCHEME + ".impl", LocalDiskAsRemoteFileSystem.class.getName());
        return conf;
    }

    @Test
    void aPlainPathAndAFileUriAreHandedOverAsPaths() throws DeepfakeException {
        Path clip = TestAssets.require(CLIP);
        try (HadoopVideo plain = HadoopVideo.open(clip.toString());
                HadoopVideo file = HadoopVideo.open(clip.toUri().toString())) {
            assertThat(plain.input()).isEqualTo(VideoInput.of(clip));
            assertThat(file.input()).isEqualTo(VideoInput.of(clip));
        }
    }

    @Test
    void aVideoStreamedThroughTheChannelScoresTheSameAsItsPath() throws Exception {
        Path clip = TestAssets.require(CLIP);
        String listed = LocalDiskAsRemoteFileSystem.SCHEME + "://" + clip;
        try (DeepfakeDetector detector = new DefaultDetectorFactory(32).create();
                HadoopChannel channel = HadoopVideo.openChannel(listed, URI.create(listed), remoteConf())) {
            assertThat(channel.size()).isEqualTo(Files.size(clip));
            double streamed = detector.analyze(VideoInput.of(channel, listed)).pFake();
            assertThat(channel.position()).as("FFmpeg read the channel itself").isPositive();
            assertThat(streamed).isEqualTo(detector.score(clip)).isCloseTo(GOLDEN, within(GoldenTolerance.DEFAULT));
        }
    }

    @Test
    void aMissingRemoteFileIsFileNotFoundNamingItAsListed() {
        String listed = LocalDiskAsRemoteFileSystem.SCHEME + "://" + dir.resolve("gone.mp4");
        assertThatThrownBy(() -> HadoopVideo.openChannel(listed, URI.create(listed), remoteConf()))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                .hasMessageContaining(listed);
    }

    @Test
    void aRemoteFolderIsFileNotFoundNotAnEmptyVideo() {
        String listed = LocalDiskAsRemoteFileSystem.SCHEME + "://" + dir;
        assertThatThrownBy(() -> HadoopVideo.openChannel(listed, URI.create(listed), remoteConf()))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                .hasMessageContaining(listed).hasMessageContaining("folder");
    }

    @Test
    void aSchemeNoFileSystemServesIsUnsupportedInput() {
        assertThatThrownBy(() -> HadoopVideo.open("nosuchfs://bucket/clip.mp4"))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT))
                .hasMessageContaining("nosuchfs://bucket/clip.mp4");
    }

    @Test
    void aMalformedUriIsFileNotFoundNamingIt() {
        assertThatThrownBy(() -> HadoopVideo.open("hdfs://host/a clip.mp4"))
                .isInstanceOfSatisfying(DeepfakeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                .hasMessageContaining("a clip.mp4");
    }
}
