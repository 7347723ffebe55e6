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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        byte[] clip = Files.readAllBytes(TestAssets.require(CLIP));
        CountDownLatch release = new CountDownLatch(1);
        try (ServerSocket listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread stalling = new Thread(() -> serveHalfThenStall(listener, clip, release), "stalling-server");
            stalling.setDaemon(true);
            stalling.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/clip.mp4");
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (VideoSource s = decoder.open(VideoInput.of(uri), allowing("http").build())) {
                    s.decodeStream((index, pts) -> true, frame -> { });
                }
            }).isInstanceOfSatisfying(DeepfakeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.IO_FAILURE);
                assertThat(e.getMessage()).contains("127.0.0.1:" + listener.getLocalPort()).contains("timeout")
                        .contains("2000 ms");
            });
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // 2 s of silence per read, FFmpeg retries a reconnect or two: well under the 30 s default, never a hang
            assertThat(took).isLessThan(Duration.ofSeconds(20));
            release.countDown();
            stalling.join(5000);
        }
    }

    @Test
    void interruptingTheThreadStopsAStalledNetworkReadAtOnceNotAfterTheTimeout() throws Exception {
        byte[] clip = Files.readAllBytes(TestAssets.require(CLIP));
        CountDownLatch release = new CountDownLatch(1);
        try (ServerSocket listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread stalling = new Thread(() -> serveHalfThenStall(listener, clip, release), "stalling-server");
            stalling.setDaemon(true);
            stalling.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/clip.mp4");
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
            release.countDown();
            stalling.join(5000);
        }
    }

    /** Answers every request with the whole length declared and half the body sent, then goes silent. */
    private static void serveHalfThenStall(ServerSocket listener, byte[] body, CountDownLatch release) {
        try {
            while (release.getCount() > 0) {
                try (Socket s = listener.accept()) {
                    readHeaders(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    release.await(3, TimeUnit.SECONDS);
                }
            }
        } catch (IOException | InterruptedException closed) {
            // the test closed the listener
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int last4 = 0;
        for (int b; (b = in.read()) >= 0; ) {
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                return;
            }
        }
    }
}
