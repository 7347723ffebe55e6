package dev.deepfake4j.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.PositiveClass;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelRegistry} against a local HTTP server on the loopback interface. */
class ModelRegistryTest {
    static final ModelManifest MANIFEST = ModelManifest.builder("test-model").input("input", 2, 2)
            .output("out", OutputKind.LOGIT, 0, PositiveClass.FAKE).build();

    @TempDir
    Path tmp;
    Path cache;
    byte[] payload;
    String sha;
    HttpServer server;
    ExecutorService serverThreads;
    final AtomicInteger requests = new AtomicInteger();
    final CountDownLatch releaseStall = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        cache = tmp.resolve("home/models");
        payload = new byte[300_000];
        new Random(42).nextBytes(payload);
        sha = sha256(payload);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/good/", ex -> send(ex, payload, payload.length));
        server.createContext("/bad/", ex -> {
            byte[] other = payload.clone();
            other[1000] ^= 1;
            send(ex, other, other.length);
        });
        server.createContext("/drop/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, payload.length);
            OutputStream out = ex.getResponseBody();
            out.write(payload, 0, payload.length / 2);
            out.flush();
            // closing with bytes still owed makes the server drop the connection
            ex.close();
        });
        server.createContext("/stall/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, payload.length);
            OutputStream out = ex.getResponseBody();
            out.write(payload, 0, 1000);
            out.flush();
            try {
                releaseStall.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.createContext("/missing/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        releaseStall.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void send(HttpExchange ex, byte[] body, long length) throws IOException {
        requests.incrementAndGet();
        ex.sendResponseHeaders(200, length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    RegistryEntry entry(String path) {
        return RegistryEntry.builder("test-model")
                .url("http://127.0.0.1:" + server.getAddress().getPort() + path)
                .size(payload.length).sha256(sha).license("MIT").fileName("model.bin").manifest(MANIFEST).build();
    }

    ModelRegistry registry(RegistryConfig.Builder config, RegistryEntry entry) {
        return ModelRegistry.builder().config(config.build()).importers(new ModelImporters()).addEntry(entry).build();
    }

    RegistryConfig.Builder online() {
        // retries as by default, without the waits
        return RegistryConfig.builder(cache).retryBackoff(Duration.ofMillis(10));
    }

    List<Path> cacheFiles() throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            // lock files stay by design (see CacheLock)
            return s.filter(p -> !p.getFileName().toString().endsWith(".lock")).toList();
        }
    }

    static ErrorCode codeOf(ThrowingCall call) {
        try {
            call.run();
        } catch (DeepfakeException e) {
            return e.code();
        } catch (Exception e) {
            throw new AssertionError("unexpected " + e, e);
        }
        throw new AssertionError("no exception");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void downloads_into_the_cache_reporting_progress_to_the_full_size() throws Exception {
        List<long[]> progress = new ArrayList<>();
        ResolvedModel m = registry(online(), entry("/good/model.bin"))
                .resolve("test-model", (file, done, total) -> progress.add(new long[] {done, total}));
        assertThat(m.origin()).isEqualTo(ModelOrigin.DOWNLOAD);
        assertThat(m.model()).isEqualTo(cache.resolve("model.bin"));
        assertThat(Files.readAllBytes(m.model())).isEqualTo(payload);
        assertThat(m.manifest()).isEqualTo(MANIFEST);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(payload.length, payload.length);
        assertThat(cacheFiles()).containsExactly(cache.resolve("model.bin"));
    }

    RegistryEntry unpinned(String path) {
        return RegistryEntry.builder("test-model")
                .url("http://127.0.0.1:" + server.getAddress().getPort() + path)
                .unpinned(1_000_000).license("MIT").fileName("model.bin").manifest(MANIFEST).build();
    }

    @Test
    void an_unpinned_model_records_its_checksum_on_first_download_and_is_verified_later() throws Exception {
        ModelRegistry registry = registry(online(), unpinned("/good/model.bin"));
        assertThat(registry.resolve("test-model").origin()).isEqualTo(ModelOrigin.DOWNLOAD);
        assertThat(Files.readString(cache.resolve("model.bin.sha256")).trim()).isEqualTo(sha);
        assertThat(registry.verify()).extracting(VerificationResult::status)
                .containsExactly(VerificationResult.Status.OK);
        // a fresh registry (another JVM) trusts the cached file only while it matches what was recorded
        ModelRegistry later = registry(online(), unpinned("/good/model.bin"));
        assertThat(later.resolve("test-model").origin()).isEqualTo(ModelOrigin.CACHE);
        byte[] tampered = payload.clone();
        tampered[7] ^= 1;
        Files.write(cache.resolve("model.bin"), tampered);
        ModelRegistry afterTampering = registry(online(), unpinned("/good/model.bin"));
        assertThat(codeOf(() -> afterTampering.resolve("test-model"))).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
        assertThat(afterTampering.verify()).extracting(VerificationResult::status)
                .containsExactly(VerificationResult.Status.CORRUPT);
    }

    @Test
    void an_unpinned_download_larger_than_its_limit_is_refused() throws Exception {
        RegistryEntry small = RegistryEntry.builder("test-model")
                .url("http://127.0.0.1:" + server.getAddress().getPort() + "/good/model.bin")
                .unpinned(1000).license("MIT").fileName("model.bin").manifest(MANIFEST).build();
        assertThatThrownBy(() -> registry(online(), small).resolve("test-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.IO_FAILURE))
                .hasMessageContaining("1000 bytes");
        assertThat(requests).as("an oversized body is not retried").hasValue(1);
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void second_resolve_is_a_cache_hit_without_network() throws Exception {
        ModelRegistry registry = registry(online(), entry("/good/model.bin"));
        registry.resolve("test-model");
        ResolvedModel again = registry.resolve("test-model");
        assertThat(again.origin()).isEqualTo(ModelOrigin.CACHE);
        assertThat(requests).hasValue(1);
    }

    @Test
    void cached_file_is_used_offline() throws Exception {
        Files.createDirectories(cache);
        Files.write(cache.resolve("model.bin"), payload);
        ResolvedModel m = registry(online().offline(true), entry("/good/model.bin")).resolve("test-model");
        assertThat(m.origin()).isEqualTo(ModelOrigin.CACHE);
        assertThat(requests).hasValue(0);
    }

    @Test
    void download_with_the_wrong_checksum_is_rejected_and_nothing_is_cached() throws Exception {
        ModelRegistry registry = registry(online(), entry("/bad/model.bin"));
        assertThatThrownBy(() -> registry.resolve("test-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.CHECKSUM_MISMATCH))
                .hasMessageContaining(sha)
                .hasMessageContaining("model.bin");
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void connection_dropped_mid_file_leaves_no_file_and_a_later_download_succeeds() throws Exception {
        assertThat(codeOf(() -> registry(online(), entry("/drop/model.bin")).resolve("test-model")))
                .isEqualTo(ErrorCode.IO_FAILURE);
        assertThat(cacheFiles()).isEmpty();
        ResolvedModel m = registry(online(), entry("/good/model.bin")).resolve("test-model");
        assertThat(m.origin()).isEqualTo(ModelOrigin.DOWNLOAD);
        assertThat(Files.readAllBytes(m.model())).isEqualTo(payload);
    }

    @Test
    void stalled_download_is_abandoned_after_the_read_timeout() throws Exception {
        ModelRegistry registry = registry(online().readTimeout(Duration.ofSeconds(1)).downloadAttempts(2),
                entry("/stall/model.bin"));
        assertThatThrownBy(() -> registry.resolve("test-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.IO_FAILURE))
                .hasMessageContaining("stalled");
        assertThat(requests).hasValue(2);
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void http_error_status_is_an_io_failure_naming_it() throws Exception {
        ModelRegistry registry = registry(online(), entry("/missing/model.bin"));
        assertThatThrownBy(() -> registry.resolve("test-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.IO_FAILURE))
                .hasMessageContaining("404");
        assertThat(requests).as("a 404 is not retried").hasValue(1);
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void offline_never_touches_the_network_and_says_where_to_put_the_file() {
        ModelRegistry registry = registry(online().offline(true), entry("/good/model.bin"));
        assertThatThrownBy(() -> registry.resolve("test-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining("model.bin")
                .hasMessageContaining(cache.toString());
        assertThat(requests).hasValue(0);
    }

    @Test
    void mirror_is_searched_recursively_by_file_name_before_downloading() throws Exception {
        Path mirror = tmp.resolve("mirror");
        Path deep = mirror.resolve("a/b/c/model.bin");
        Files.createDirectories(deep.getParent());
        Files.write(deep, payload);
        ResolvedModel m = registry(online().mirror(mirror), entry("/good/model.bin")).resolve("test-model");
        assertThat(m.origin()).isEqualTo(ModelOrigin.MIRROR);
        assertThat(m.model()).isEqualTo(deep);
        assertThat(requests).hasValue(0);
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void mirrored_file_with_the_wrong_checksum_names_expected_and_actual() throws Exception {
        Path mirror = tmp.resolve("mirror");
        Files.createDirectories(mirror);
        byte[] other = new byte[payload.length];
        Files.write(mirror.resolve("model.bin"), other);
        ModelRegistry registry = registry(online().mirror(mirror), entry("/good/model.bin"));
        assertThatThrownBy(() -> registry.resolve("test-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.CHECKSUM_MISMATCH))
                .hasMessageContaining(sha).hasMessageContaining(sha256(other));
        assertThat(requests).hasValue(0);
    }

    @Test
    void corrupt_cached_file_is_a_checksum_mismatch_not_a_silent_download() throws Exception {
        Files.createDirectories(cache);
        Files.write(cache.resolve("model.bin"), new byte[] {1, 2, 3});
        ModelRegistry registry = registry(online(), entry("/good/model.bin"));
        assertThat(codeOf(() -> registry.resolve("test-model"))).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
        assertThat(requests).hasValue(0);
    }

    @Test
    void verify_reports_ok_missing_and_corrupt_cached_files() throws Exception {
        RegistryEntry good = entry("/good/model.bin");
        RegistryEntry missing = RegistryEntry.builder("missing-model").url("https://example.org/m.onnx").size(1)
                .sha256(sha).license("MIT").fileName("m.onnx").manifest(MANIFEST).build();
        RegistryEntry corrupt = RegistryEntry.builder("corrupt-model").url("https://example.org/c.onnx").size(1)
                .sha256(sha).license("MIT").fileName("c.onnx").manifest(MANIFEST).build();
        Files.createDirectories(cache);
        Files.write(cache.resolve("model.bin"), payload);
        Files.write(cache.resolve("c.onnx"), new byte[] {7});
        ModelRegistry registry = ModelRegistry.builder().config(online().offline(true).build()).addEntry(good)
                .addEntry(missing).addEntry(corrupt).build();
        assertThat(registry.verify()).extracting(VerificationResult::status).containsExactly(
                VerificationResult.Status.OK, VerificationResult.Status.MISSING, VerificationResult.Status.CORRUPT);
    }

    @Test
    void importer_runs_once_and_its_onnx_is_cached_as_the_entry_name() throws Exception {
        AtomicInteger imports = new AtomicInteger();
        ModelImporters importers = new ModelImporters().register("reverse", source -> {
            imports.incrementAndGet();
            byte[] b;
            try {
                b = Files.readAllBytes(source);
            } catch (IOException ex) {
                throw new DeepfakeException(ErrorCode.MODEL_INVALID, "cannot read " + source, ex);
            }
            byte[] r = new byte[b.length];
            for (int i = 0; i < b.length; i++) {
                r[i] = b[b.length - 1 - i];
            }
            return r;
        });
        RegistryEntry e = RegistryEntry.builder("imported-model")
                .url("http://127.0.0.1:" + server.getAddress().getPort() + "/good/model.h5").size(payload.length)
                .sha256(sha).license("MIT").fileName("model.h5").manifest(MANIFEST).importer("reverse").build();
        ModelRegistry registry = ModelRegistry.builder().config(online().build()).importers(importers).addEntry(e)
                .build();
        ResolvedModel first = registry.resolve("imported-model");
        ResolvedModel second = registry.resolve("imported-model");
        assertThat(first.model()).isEqualTo(cache.resolve("imported-model.onnx"));
        assertThat(first.source()).isEqualTo(cache.resolve("model.h5"));
        assertThat(Files.readAllBytes(first.model())[0]).isEqualTo(payload[payload.length - 1]);
        assertThat(second.model()).isEqualTo(first.model());
        assertThat(imports).hasValue(1);
    }

    @Test
    void missing_importer_is_a_missing_component_naming_it() {
        RegistryEntry e = RegistryEntry.builder("imported-model")
                .url("http://127.0.0.1:" + server.getAddress().getPort() + "/good/model.h5").size(payload.length)
                .sha256(sha).license("MIT").fileName("model.h5").manifest(MANIFEST).importer("keras-x").build();
        ModelRegistry registry = registry(online(), e);
        assertThatThrownBy(() -> registry.resolve("imported-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, ex -> assertThat(ex.code())
                        .isEqualTo(ErrorCode.MISSING_COMPONENT))
                .hasMessageContaining("keras-x");
    }

    @Test
    void explicit_path_comes_first_with_its_manifest_beside_it() throws Exception {
        Path model = tmp.resolve("mine.onnx");
        Files.write(model, payload);
        MANIFEST.write(tmp.resolve("mine.json"));
        ResolvedModel m = registry(online().offline(true), entry("/good/model.bin")).resolve(model.toString());
        assertThat(m.origin()).isEqualTo(ModelOrigin.PATH);
        assertThat(m.model()).isEqualTo(model.toAbsolutePath());
        assertThat(m.manifest()).isEqualTo(MANIFEST);
    }

    @Test
    void unknown_name_lists_the_known_ones() {
        ModelRegistry registry = registry(online().offline(true), entry("/good/model.bin"));
        assertThatThrownBy(() -> registry.resolve("no-such-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining("test-model");
    }

    @Test
    void config_reads_home_mirror_and_offline_from_the_environment() {
        RegistryConfig c = RegistryConfig.from(Map.of("DEEPFAKE4J_HOME", "/data/df4j", "DEEPFAKE4J_MODEL_MIRROR",
                "/mnt/models", "DEEPFAKE4J_OFFLINE", "1"), Path.of("/home/u"));
        assertThat(c.cacheDir()).isEqualTo(Path.of("/data/df4j/models"));
        assertThat(c.mirror()).contains(Path.of("/mnt/models"));
        assertThat(c.offline()).isTrue();
    }

    @Test
    void config_defaults_to_the_user_cache_online_without_mirror() {
        RegistryConfig c = RegistryConfig.from(Map.of(), Path.of("/home/u"));
        assertThat(c.cacheDir()).isEqualTo(Path.of("/home/u/.cache/deepfake4j/models"));
        assertThat(c.mirror()).isEmpty();
        assertThat(c.offline()).isFalse();
    }

    @Test
    void plain_http_is_refused_except_on_loopback() {
        assertThatThrownBy(() -> RegistryEntry.builder("x").url("http://example.org/m.onnx"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }
}
