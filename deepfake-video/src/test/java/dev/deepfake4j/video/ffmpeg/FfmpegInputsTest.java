package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.testing.LoopbackHttpServer;
import dev.deepfake4j.testing.TestAssets;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of {@link VideoInput} decodes to the same frames as the file it came from, for an MP4 with its index at
 * the end (all labelled clips) and one with it at the front; bad streams give typed errors and leave no spool file.
 */
class FfmpegInputsTest {
    private static final String MOOV_AT_END = "videos/labelled/dfdc/lynaeydofd.mp4";
    private static final String FASTSTART = "videos/robustness/moviepy_fire2.mp4";
    private final FfmpegVideoDecoder decoder = new FfmpegVideoDecoder();

    @TempDir
    Path spoolDir;
    private DecodeOptions options;

    @BeforeEach
    void options() {
        options = DecodeOptions.builder().scaleLongSide(160).threads(1).spoolDirectory(spoolDir).build();
    }

    @AfterEach
    void noSpoolFileLeft() throws IOException {
        try (Stream<Path> left = Files.list(spoolDir)) {
            assertThat(left).as("spool files left in %s", spoolDir).isEmpty();
        }
    }

    /** The decoded frames of a few uniformly sampled positions, as packed pixels, with the info. */
    private record Decoded(VideoInfo info, List<byte[]> frames) {
        void assertSameAs(Decoded other) {
            assertThat(info).usingRecursiveComparison().ignoringFields("path").isEqualTo(other.info);
            assertThat(frames).hasSameSizeAs(other.frames).isNotEmpty();
            for (int i = 0; i < frames.size(); i++) {
                assertThat(Arrays.equals(frames.get(i), other.frames.get(i))).as("frame %s", i).isTrue();
            }
        }
    }

    private Decoded decode(VideoInput input, DecodeOptions opts) throws DeepfakeException {
        List<byte[]> frames = new ArrayList<>();
        try (VideoSource source = decoder.open(input, opts)) {
            source.decode(FrameSampler.uniform(4).plan(source.info()), f -> frames.add(f.toPackedArray()));
            return new Decoded(source.info(), frames);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {MOOV_AT_END, FASTSTART})
    void bytesBuffersChannelsStreamsAndHttpGiveTheFramesOfTheFile(String asset) throws Exception {
        Path file = TestAssets.require(asset);
        Decoded byPath = decode(VideoInput.of(file), options);
        byte[] bytes = Files.readAllBytes(file);

        decode(VideoInput.of(bytes, "upload.mp4"), options).assertSameAs(byPath);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 10);
        direct.put(new byte[10]).put(bytes).flip().position(10);
        decode(VideoInput.of(direct, "direct.mp4"), options).assertSameAs(byPath);
        assertThat(direct.position()).as("the caller's buffer is not moved").isEqualTo(10);
        try (SeekableByteChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            decode(VideoInput.of(channel, "channel.mp4"), options).assertSameAs(byPath);
            assertThat(channel.isOpen()).as("the caller's channel stays open").isTrue();
        }
        try (InputStream in = new FilterInputStream(new FileInputStream(file.toFile())) {
        }) {
            decode(VideoInput.of(in, "-"), options).assertSameAs(byPath);
        }
        try (LoopbackHttpServer http = LoopbackHttpServer.serving(file)) {
            DecodeOptions allowed = options.toBuilder().allowProtocols(Set.of("http")).build();
            decode(VideoInput.of(http.uri("clip.mp4")), allowed).assertSameAs(byPath);
            assertThat(http.requests()).isPositive();
        }
    }

    @Test
    void moreContextsThanJavaCppCallbackSlotsCanBeOpenAtOnce() throws Exception {
        byte[] bytes = Files.readAllBytes(TestAssets.require(FASTSTART));
        List<VideoSource> open = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                open.add(decoder.open(VideoInput.of(bytes, "copy-" + i + ".mp4"), options));
            }
            assertThat(open).allSatisfy(s -> assertThat(s.info().frameCount()).isPositive());
        } finally {
            open.forEach(VideoSource::close);
        }
    }

    @Test
    void aGarbageStreamIsNotAVideoAndLeavesNoSpoolFile() {
        byte[] garbage = new byte[100_000];
        new java.util.Random(7).nextBytes(garbage);
        assertThatThrownBy(() -> decoder.open(VideoInput.of(new ByteArrayInputStream(garbage), "junk.bin"), options))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_VIDEO);
                    assertThat(e.getMessage()).contains("junk.bin").doesNotContain("deepfake4j-spool");
                    assertThat(e.path()).contains(Path.of("junk.bin"));
                });
        assertThatThrownBy(() -> decoder.open(VideoInput.of(garbage, "junk.bin"), options))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.NOT_A_VIDEO));
    }

    @Test
    void aStreamReadInPlaceThatIsGarbageOrEmptyIsNotAVideoAndOneThatThrowsIsAnIoFailure() {
        byte[] garbage = new byte[100_000];
        new java.util.Random(7).nextBytes(garbage);
        for (byte[] bytes : new byte[][] {garbage, new byte[0]}) {
            assertThatThrownBy(() -> decoder.openSequential(VideoInput.of(new ByteArrayInputStream(bytes), "live"),
                    options)).isInstanceOfSatisfying(DeepfakeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_VIDEO);
                        assertThat(e.getMessage()).contains("live");
                    });
        }
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> decoder.openSequential(VideoInput.of(broken, "live"), options))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.IO_FAILURE);
                    assertThat(e.getMessage()).contains("live").contains("connection reset");
                });
    }

    @Test
    void emptyInputsAreNotVideos() {
        assertThatThrownBy(() -> decoder.open(VideoInput.of(new ByteArrayInputStream(new byte[0]), "-"), options))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_VIDEO);
                    assertThat(e.getMessage()).contains("\"-\"").contains("empty");
                });
        assertThatThrownBy(() -> decoder.open(VideoInput.of(new byte[0], "nothing.mp4"), options))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_VIDEO);
                    assertThat(e.getMessage()).contains("nothing.mp4");
                });
    }

    @Test
    void aStreamThatFailsMidwayIsAnIoFailureNamingIt() throws Exception {
        byte[] bytes = Files.readAllBytes(TestAssets.require(MOOV_AT_END));
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(bytes)) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 1_000_000) {
                    throw new IOException("connection reset by peer");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
        assertThatThrownBy(() -> decoder.open(VideoInput.of(failing, "upload-42.mp4"), options))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.IO_FAILURE);
                    assertThat(e.getMessage()).contains("upload-42.mp4").contains("connection reset by peer");
                    assertThat(e.getCause()).isInstanceOf(IOException.class);
                });
    }

    @Test
    void aChannelThatFailsInsideAnFfmpegCallbackIsAnIoFailureNamingIt() throws Exception {
        Path file = TestAssets.require(MOOV_AT_END);
        try (FileChannel real = FileChannel.open(file, StandardOpenOption.READ)) {
            SeekableByteChannel failing = new DelegatingChannel(real) {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                    if (real.position() > 2_000_000) {
                        throw new IOException("disk went away");
                    }
                    return real.read(dst);
                }
            };
            assertThatThrownBy(() -> decode(VideoInput.of(failing, "bucket/object.mp4"), options))
                    .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.IO_FAILURE);
                        assertThat(e.getMessage()).contains("bucket/object.mp4").contains("disk went away");
                        assertThat(e.getCause()).hasMessage("disk went away");
                    });
        }
    }

    @Test
    void aStreamOverTheSpoolLimitIsRefusedNamingTheLimit() throws Exception {
        Path file = TestAssets.require(FASTSTART);
        DecodeOptions small = options.toBuilder().spoolLimitBytes(100_000).build();
        try (InputStream in = Files.newInputStream(file)) {
            assertThatThrownBy(() -> decoder.open(VideoInput.of(in, "big.mp4"), small))
                    .isInstanceOfSatisfying(DeepfakeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT);
                        assertThat(e.getMessage()).contains("big.mp4").contains("100000 bytes")
                                .contains("spoolLimitBytes");
                    });
        }
    }

    @Test
    void aUriWhoseSchemeWasNotAllowedIsRefusedNamingSchemeAndOption() {
        assertThatThrownBy(() -> decoder.open(VideoInput.of(URI.create("https://user:secret@example.com/v.mp4?sig=x")),
                options)).isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INPUT);
                    assertThat(e.getMessage()).contains("'https'").contains("allowProtocols")
                            .contains("https://example.com/v.mp4").doesNotContain("secret").doesNotContain("sig=");
                });
        DecodeOptions httpOnly = options.toBuilder().allowProtocols(Set.of("http")).build();
        assertThatThrownBy(() -> decoder.open(VideoInput.of(URI.create("rtsp://127.0.0.1/x")), httpOnly))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.getMessage()).contains("'rtsp'"));
    }

    @Test
    void anUnreachableHttpUriIsAnIoFailureWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        DecodeOptions allowed = options.toBuilder().allowProtocols(Set.of("http")).networkTimeout(Duration.ofSeconds(2))
                .build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> decoder.open(VideoInput.of(URI.create("http://127.0.0.1:" + port + "/v.mp4")),
                allowed)).isInstanceOfSatisfying(DeepfakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.IO_FAILURE);
                    assertThat(e.getMessage()).contains("127.0.0.1:" + port);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theWhitelistIsTheAllowedSchemesAndTheirTransportsOnly() {
        Opening https = Opening.network(URI.create("https://h/v.mp4"), Set.of("https"),
                Duration.ofSeconds(3), Optional.empty());
        assertThat(https.settings()).containsEntry("protocol_whitelist", "https,tls,tcp")
                .containsEntry("timeout", "3000000").containsEntry("rw_timeout", "3000000")
                .doesNotContainKey("tls_verify");
        assertThat(Opening.network(URI.create("http://h/v"), Set.of("http"), Duration.ofSeconds(1),
                Optional.empty()).settings().get("protocol_whitelist")).isEqualTo("http,tcp");
        assertThat(Opening.network(URI.create("https://h/v"), Set.of("https"), Duration.ofSeconds(1),
                Optional.of(Path.of("/ca.pem"))).settings()).containsEntry("tls_verify", "1")
                .containsEntry("ca_file", "/ca.pem");
        assertThat(Opening.custom(null).settings()).containsEntry("protocol_whitelist", "none");
    }

    /** A channel forwarding to another, so a test can override one method. */
    private static class DelegatingChannel implements SeekableByteChannel {
        private final SeekableByteChannel delegate;

        DelegatingChannel(SeekableByteChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return delegate.write(src);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
