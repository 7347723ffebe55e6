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
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs pull the same model into one cache at the same moment: the cache's file lock makes the second wait for
 * the first's download and then use the stored file, so the server sees one request and no partial file remains.
 */
class ModelCacheLockTest {
    static final int SIZE = 240_000;
    static final int CHUNK = 8_000;

    @TempDir
    Path tmp;

    @Test
    void two_processes_pulling_one_model_download_it_once() throws Exception {
        byte[] payload = new byte[SIZE];
        new Random(3).nextBytes(payload);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newFixedThreadPool(4);
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
        Path cache = tmp.resolve("cache");
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow/shared.bin";
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
            server.stop(0);
            threads.shutdownNow();
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
