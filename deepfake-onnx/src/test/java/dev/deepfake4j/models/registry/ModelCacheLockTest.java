package dev.deepfake4j.models.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs pull the same model into one cache at the same moment: the cache's file lock makes the second wait for
 * the first's download and then use the stored file (and so do two registries in one JVM), so the server sees one request and no partial file remains.
 */
class ModelCacheLockTest {
    static final int SIZE = 240_000;
    static final int CHUNK = 8_000;

    @TempDir
    Path tmp;

    final byte[] payload = new byte[SIZE];
    final AtomicInteger requests = new AtomicInteger();
    HttpServer server;
    ExecutorService threads;
    Path cache;
    String url;

    @BeforeEach
    void startSlowServer() throws IOException {
        new Random(3).nextBytes(payload);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext("/slow/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, payload.length);
            try (OutputStream out = ex.getResponseBody()) {
                // 30 chunks, 50 ms apart: the second process asks while the first still downloads
                for (int off = 0; off < payload.length; off += CHUNK) {
                    out.write(payload, off, Math.min(CHUNK, payload.length - off));
                    out.flush();
                    sleep(50);
                }
            }
        });
        server.start();
        cache = tmp.resolve("cache");
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow/shared.bin";
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Test
    void two_registries_in_one_jvm_pulling_one_model_download_it_once() throws Exception {
        // Classifiers and FaceLocators build a fresh registry per call: the OS lock alone would throw between them
        RegistryEntry entry = RegistryEntry.builder("shared-model").url(url).size(SIZE)
                .sha256(ModelRegistryTest.sha256(payload)).license("MIT").fileName("shared.bin")
                .manifest(ModelRegistryTest.MANIFEST).build();
        ExecutorService pullers = Executors.newFixedThreadPool(2);
        try {
            List<Future<ResolvedModel>> pulls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ModelRegistry registry = ModelRegistry.builder().config(RegistryConfig.builder(cache).build())
                        .importers(new ModelImporters()).addEntry(entry).build();
                pulls.add(pullers.submit(() -> registry.resolve("shared-model")));
            }
            List<ModelOrigin> origins = new ArrayList<>();
            for (Future<ResolvedModel> f : pulls) {
                origins.add(f.get(60, TimeUnit.SECONDS).origin());
            }
            assertThat(origins).containsExactlyInAnyOrder(ModelOrigin.DOWNLOAD, ModelOrigin.CACHE);
            assertThat(requests).hasValue(1);
        } finally {
            pullers.shutdownNow();
        }
    }

    @Test
    void two_processes_pulling_one_model_download_it_once() throws Exception {
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                processes.add(start(cache, url, ModelRegistryTest.sha256(payload), i));
            }
            List<BufferedReader> outs = new ArrayList<>();
            for (Process p : processes) {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).as("child started").isEqualTo("READY");
                outs.add(out);
            }
            for (Process p : processes) {
                p.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().flush();
            }
            List<String> origins = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                assertThat(processes.get(i).waitFor(90, TimeUnit.SECONDS)).as("child %d finished", i).isTrue();
                assertThat(processes.get(i).exitValue()).as("child %d exit; stderr %s", i,
                        Files.readString(tmp.resolve("err" + i + ".txt"))).isZero();
                origins.add(outs.get(i).readLine());
            }
            assertThat(origins).containsExactlyInAnyOrder("DOWNLOAD", "CACHE");
            assertThat(requests).hasValue(1);
            assertThat(ModelRegistry.sha256(cache.resolve("shared.bin"))).isEqualTo(ModelRegistryTest.sha256(payload));
            try (Stream<Path> files = Files.list(cache)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("shared.bin", "shared.bin.lock");
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private Process start(Path cache, String url, String sha256, int i) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PullModelMain.class.getName(), cache.toString(), url, Integer.toString(SIZE), sha256)
                .redirectError(tmp.resolve("err" + i + ".txt").toFile())
                .start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
