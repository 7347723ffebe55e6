package dev.deepfake4j.server;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.sampling.FrameSampler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load run of the service over loopback (not a test; {@code docs/benchmarks.md}, "HTTP service"): a fixed
 * number of {@code POST /v1/score} of one clip from a fixed number of client threads, stopped at a time limit
 * whatever is left, after a few warm-up requests. Prints throughput and latency percentiles (nearest rank) of the
 * measured requests, and the answers by status.
 *
 * <pre>
 * java -cp "examples/cli/target/deepfake4j-cli.jar:examples/cli/target/lib/*" dev.deepfake4j.server.LoadRun \
 *     CLIP [--requests 40] [--clients 2] [--frames 8] [--concurrency 2] [--queue 4] [--warmup 2] \
 *     [--max-seconds 300] [--url http://127.0.0.1:PORT/]
 * </pre>
 * Without {@code --url} it starts a server on a free loopback port in this JVM, over a default detector with
 * {@code --frames} uniform frames; with it, it loads a server already running on this machine (loopback
 * addresses only).
 */
public final class LoadRun {
    private LoadRun() {
    }

    /**
     * @param args the clip, then options (see the class comment)
     * @throws Exception when the clip cannot be read or the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: LoadRun CLIP [--requests N] [--clients N] [--frames N] [--concurrency N]"
                    + " [--queue N] [--warmup N] [--max-seconds S] [--url http://127.0.0.1:PORT/]");
            System.exit(2);
        }
        Path clip = Path.of(args[0]);
        Map<String, String> opts = new TreeMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        int requests = Integer.parseInt(opts.getOrDefault("--requests", "40"));
        int clients = Integer.parseInt(opts.getOrDefault("--clients", "2"));
        int frames = Integer.parseInt(opts.getOrDefault("--frames", "8"));
        int concurrency = Integer.parseInt(opts.getOrDefault("--concurrency", "2"));
        int queue = Integer.parseInt(opts.getOrDefault("--queue", "4"));
        int warmup = Integer.parseInt(opts.getOrDefault("--warmup", "2"));
        long maxSeconds = Long.parseLong(opts.getOrDefault("--max-seconds", "300"));
        byte[] body = Files.readAllBytes(clip);

        if (opts.containsKey("--url")) {
            URI base = URI.create(opts.get("--url"));
            if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("LoadRun loads loopback servers only: " + base);
            }
            run(base, body, requests, clients, warmup, maxSeconds);
            return;
        }
        try (DeepfakeDetector detector = DeepfakeDetector.builder().sampler(FrameSampler.uniform(frames)).build();
                ScoringServer server = ScoringServer.start(detector, ServerOptions.builder().port(0)
                        .concurrency(concurrency).queue(queue).build())) {
            System.out.printf(Locale.ROOT, "server: %s, detector: %s, concurrency %d, queue %d%n", server.uri(),
                    detector.describe(), concurrency, queue);
            run(server.uri(), body, requests, clients, warmup, maxSeconds);
        }
    }

    private static void run(URI base, byte[] body, int requests, int clients, int warmup, long maxSeconds)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI score = base.resolve("/v1/score");
        for (int i = 0; i < warmup; i++) {
            int status = post(client, score, body, maxSeconds);
            System.out.printf(Locale.ROOT, "warm-up %d: %d%n", i + 1, status);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        AtomicInteger next = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> byStatus = Collections.synchronizedMap(new TreeMap<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    while (next.getAndIncrement() < requests && System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        int status;
                        try {
                            status = post(client, score, body, Math.max(1, (deadline - start) / 1_000_000_000L));
                        } catch (IOException e) {
                            status = -1;
                        }
                        latencies.add(System.nanoTime() - start);
                        byStatus.merge(status, 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int done = sorted.size();
        int ok = byStatus.getOrDefault(200, 0);
        System.out.printf(Locale.ROOT, "requests: %d of %d in %.2f s with %d clients; by status %s%n", done, requests,
                wall, clients, byStatus);
        System.out.printf(Locale.ROOT, "throughput: %.2f requests/s (%.2f answered 200/s)%n", done / wall, ok / wall);
        if (done > 0) {
            System.out.printf(Locale.ROOT, "latency ms: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f%n",
                    rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99), sorted.get(done - 1) / 1e6);
        }
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        metrics.body().lines().filter(l -> l.startsWith("deepfake4j_scoring_seconds_sum")
                || l.startsWith("deepfake4j_scoring_seconds_count")).forEach(l -> System.out.println("server: " + l));
    }

    private static int post(HttpClient client, URI score, byte[] body, long timeoutSeconds)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(score).timeout(Duration.ofSeconds(timeoutSeconds))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double rank(List<Long> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }
}
