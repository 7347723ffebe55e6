package dev.deepfake4j.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retry, backoff and resume by HTTP range, against a loopback server that drops connections mid-body. */
class ModelDownloaderTest {
    static final int SIZE = 200_000;
    static final int DROP_AFTER = 50_000;

    @TempDir
    Path tmp;
    final byte[] payload = payload();

    static byte[] payload() {
        byte[] b = new byte[SIZE];
        new Random(7).nextBytes(b);
        return b;
    }

    RegistryEntry pinned(FlakyHttpServer server) {
        return RegistryEntry.builder("flaky-model").url(server.url("/flaky.bin")).size(SIZE)
                .sha256(ModelRegistryTest.sha256(payload)).license("MIT").fileName("flaky.bin")
                .manifest(ModelRegistryTest.MANIFEST).build();
    }

    RegistryEntry unpinned(FlakyHttpServer server) {
        return RegistryEntry.builder("flaky-model").url(server.url("/flaky.bin")).unpinned(SIZE * 2L).license("MIT")
                .fileName("flaky.bin").manifest(ModelRegistryTest.MANIFEST).build();
    }

    ModelRegistry registry(RegistryEntry entry, int attempts) {
        RegistryConfig config = RegistryConfig.builder(tmp.resolve("cache")).downloadAttempts(attempts)
                .retryBackoff(Duration.ofMillis(20)).readTimeout(Duration.ofSeconds(5)).build();
        return ModelRegistry.builder().config(config).importers(new ModelImporters()).addEntry(entry).build();
    }

    /** @return the cache's files other than lock files (which stay, see CacheLock) */
    List<String> cacheFiles() throws IOException {
        Path cache = tmp.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    @Test
    void dropped_connections_are_resumed_by_range_and_the_file_is_complete() throws Exception {
        try (FlakyHttpServer server = new FlakyHttpServer(payload, 2, DROP_AFTER, true, null, 10)) {
            ResolvedModel m = registry(pinned(server), 4).resolve("flaky-model");
            assertThat(m.origin()).isEqualTo(ModelOrigin.DOWNLOAD);
            assertThat(ModelRegistry.sha256(m.model())).isEqualTo(ModelRegistryTest.sha256(payload));
            assertThat(server.requests).hasSize(3);
            assertThat(server.rangeOf(0)).isNull();
            assertThat(server.rangeOf(1)).isEqualTo("bytes=" + DROP_AFTER + "-");
            assertThat(server.rangeOf(2)).isEqualTo("bytes=" + 2 * DROP_AFTER + "-");
            assertThat(cacheFiles()).containsExactly("flaky.bin");
        }
    }

    @Test
    void a_server_that_ignores_ranges_restarts_the_file_from_its_200_answer() throws Exception {
        try (FlakyHttpServer server = new FlakyHttpServer(payload, 2, DROP_AFTER, false, null, 10)) {
            ResolvedModel m = registry(pinned(server), 4).resolve("flaky-model");
            assertThat(Files.readAllBytes(m.model())).isEqualTo(payload);
            assertThat(server.requests).hasSize(3);
            assertThat(server.rangeOf(1)).isEqualTo("bytes=" + DROP_AFTER + "-");
        }
    }

    @Test
    void an_unpinned_file_is_resumed_only_with_the_validator_of_its_first_answer() throws Exception {
        try (FlakyHttpServer server = new FlakyHttpServer(payload, 1, DROP_AFTER, true, "\"v1\"", 10)) {
            ResolvedModel m = registry(unpinned(server), 3).resolve("flaky-model");
            assertThat(Files.readAllBytes(m.model())).isEqualTo(payload);
            assertThat(server.rangeOf(1)).isEqualTo("bytes=" + DROP_AFTER + "-");
            assertThat(server.header(1, "if-range")).isEqualTo("\"v1\"");
            assertThat(Files.readString(tmp.resolve("cache/flaky.bin.sha256")).trim())
                    .isEqualTo(ModelRegistryTest.sha256(payload));
        }
    }

    @Test
    void an_unpinned_file_without_a_validator_is_fetched_whole_again() throws Exception {
        try (FlakyHttpServer server = new FlakyHttpServer(payload, 1, DROP_AFTER, true, null, 10)) {
            ResolvedModel m = registry(unpinned(server), 3).resolve("flaky-model");
            assertThat(Files.readAllBytes(m.model())).isEqualTo(payload);
            assertThat(server.requests).hasSize(2);
            assertThat(server.rangeOf(1)).isNull();
        }
    }

    @Test
    void a_server_that_always_drops_is_an_io_failure_after_the_bounded_attempts() throws Exception {
        try (FlakyHttpServer server = new FlakyHttpServer(payload, -1, DROP_AFTER, true, null, 10)) {
            RegistryEntry entry = pinned(server);
            assertThatThrownBy(() -> registry(entry, 3).resolve("flaky-model"))
                    .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.IO_FAILURE))
                    .hasMessageContaining(entry.url().toString())
                    .hasMessageContaining("3 attempt");
            assertThat(server.requests).hasSize(3);
            assertThat(cacheFiles()).isEmpty();
        }
    }

    @Test
    void a_partial_file_left_by_a_killed_process_is_continued() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.write(cache.resolve("flaky.bin.part"), java.util.Arrays.copyOf(payload, 12_345));
        try (FlakyHttpServer server = new FlakyHttpServer(payload, 0, 0, true, null, 10)) {
            ResolvedModel m = registry(pinned(server), 1).resolve("flaky-model");
            assertThat(Files.readAllBytes(m.model())).isEqualTo(payload);
            assertThat(server.requests).hasSize(1);
            assertThat(server.rangeOf(0)).isEqualTo("bytes=12345-");
        }
    }

    @Test
    void retry_settings_reject_nonsense() {
        assertThatThrownBy(() -> RegistryConfig.builder(tmp).downloadAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> RegistryConfig.builder(tmp).retryBackoff(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThat(RegistryConfig.builder(tmp).build().downloadAttempts())
                .isEqualTo(RegistryConfig.DEFAULT_DOWNLOAD_ATTEMPTS);
    }
}
