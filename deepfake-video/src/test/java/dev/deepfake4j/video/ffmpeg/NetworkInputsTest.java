package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.testing.LoopbackHttpServer;
import dev.deepfake4j.testing.TestAssets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network inputs over loopback: HTTPS with and without certificate verification, and a server that stops sending
 * mid-body, which must fail within the network timeout instead of hanging.
 */
class NetworkInputsTest {
    private static final String CLIP = "videos/labelled/ffpp/Deepfakes_003_000.mp4";
    private final FfmpegVideoDecoder decoder = new FfmpegVideoDecoder();

    @TempDir
    Path dir;

    private static DecodeOptions.Builder allowing(String scheme) {
        return DecodeOptions.builder().threads(1).allowProtocols(Set.of(scheme))
                .networkTimeout(Duration.ofSeconds(2));
    }

    @Test
    void httpsIsReadAndVerifiedAgainstTheGivenAuthorityOnly() throws Exception {
        Path clip = TestAssets.require(CLIP);
        SelfSignedCertificate server = SelfSignedCertificate.create(dir, "server");
        SelfSignedCertificate stranger = SelfSignedCertificate.create(dir, "stranger");
        long frames;
        try (VideoSource byPath = decoder.open(clip, DecodeOptions.defaults())) {
            frames = byPath.info().frameCount();
        }
        try (LoopbackHttpServer https = LoopbackHttpServer.servingTls(clip, server.tls())) {
            URI uri = https.uri("clip.mp4");
            assertThat(uri.getScheme()).isEqualTo("https");
            // trusted: the server's own certificate is the authority
            try (VideoSource s = decoder.open(VideoInput.of(uri), allowing("https").tlsCaFile(server.pem()).build())) {
                assertThat(s.info().frameCount()).isEqualTo(frames);
            }
            // without an authority FFmpeg encrypts but does not verify (the documented default): the refusal
            // below is the verification's doing
            try (VideoSource s = decoder.open(VideoInput.of(uri), allowing("https").build())) {
                assertThat(s.info().frameCount()).isEqualTo(frames);
            }
            // a certificate that does not chain to the given authority is refused
            assertThatThrownBy(() -> decoder.open(VideoInput.of(uri),
                    allowing("https").tlsCaFile(stranger.pem()).build()))
                    .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.IO_FAILURE);
                        assertThat(e.getMessage()).contains("127.0.0.1");
                    });
            // https allows https only: plain http to the same port is not even tried
            assertThatThrownBy(() -> decoder.open(VideoInput.of(URI.create(uri.toString().replace("https", "http"))),
                    allowing("https").build()))
                    .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.UNSUPPORTED_INPUT));
        }
    }

    @Test
    void aServerThatStopsSendingMidBodyFailsWithinTheNetworkTimeout() throws Exception {
        try (StallingHttpServer stalling = new StallingHttpServer(Files.readAllBytes(TestAssets.require(CLIP)))) {
            URI uri = stalling.uri();
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (VideoSource s = decoder.open(VideoInput.of(uri), allowing("http").build())) {
                    s.decodeStream((index, pts) -> true, frame -> { });
                }
            }).isInstanceOfSatisfying(DeepfakeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.IO_FAILURE);
                assertThat(e.getMessage()).contains(stalling.authority()).contains("timeout")
                        .contains("2000 ms");
            });
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // 2 s of silence per read, FFmpeg retries a reconnect or two: well under the 30 s default, never a hang
            assertThat(took).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void interruptingTheThreadStopsAStalledNetworkReadAtOnceNotAfterTheTimeout() throws Exception {
        try (StallingHttpServer stalling = new StallingHttpServer(Files.readAllBytes(TestAssets.require(CLIP)))) {
            URI uri = stalling.uri();
            DecodeOptions patient = allowing("http").networkTimeout(Duration.ofSeconds(60)).build();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try (VideoSource s = decoder.open(VideoInput.of(uri), patient)) {
                    s.decodeStream((index, pts) -> true, frame -> { });
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "reader");
            reader.start();
            Thread.sleep(1500); // the reader is now waiting for bytes that will not come
            long interrupted = System.nanoTime();
            reader.interrupt();
            reader.join(10_000);
            Duration took = Duration.ofNanos(System.nanoTime() - interrupted);
            assertThat(reader.isAlive()).isFalse();
            assertThat(took).isLessThan(Duration.ofSeconds(5)); // not the 60 s network timeout
            assertThat(failure.get()).isInstanceOfSatisfying(DeepfakeException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        }
    }
}
