package dev.deepfake4j.cli;

import dev.deepfake4j.server.ScoringServer;
import dev.deepfake4j.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code deepfake4j serve}: the HTTP service of {@code examples/server} over one detector, until interrupted
 * (Ctrl-C closes the server, then the detector).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {
        "Serves POST /v1/score (the video as the body, or a multipart 'file' part; answers the 'score --json'"
                + " object), GET /healthz and GET /metrics (Prometheus) until interrupted.",
        "Errors are {\"error\": {\"code\", \"message\"}}: 400 not a video, 413 too large, 503 busy, 504 timed out."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on; 0 picks a free one (default 8080).")
    int port = 8080;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1: this machine only).")
    String host = "127.0.0.1";

    @Option(names = "--max-upload", paramLabel = "SIZE", description = "Largest upload, in bytes or with k, M, G (default 200M); larger ones are answered 413.")
    String maxUpload = "200M";

    @Option(names = "--concurrency", paramLabel = "N", description = "Videos scored at once (default: --threads, else the number of cores).")
    Integer concurrency;

    @Option(names = "--queue", paramLabel = "N", description = "Uploads that may wait beyond those scored (default 4); more are answered 503 with Retry-After.")
    int queue = ServerOptions.DEFAULT_QUEUE;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Limit from the end of an upload to its answer (default 60); past it the scoring is stopped and the answer is 504.")
    double timeout = ServerOptions.DEFAULT_REQUEST_TIMEOUT.toSeconds();

    @Option(names = "--read-timeout", paramLabel = "SECONDS", description = "How long a connection may stay silent mid-upload before it is closed (default 30).")
    double readTimeout = ServerOptions.DEFAULT_READ_TIMEOUT.toSeconds();

    @Option(names = "--upload-dir", paramLabel = "DIR", description = "Folder for uploads while they are scored (default: a new temporary folder, removed at exit).")
    Path uploadDir;

    @Override
    public Integer call() throws Exception {
        ServerOptions.Builder options = ServerOptions.builder().host(host).queue(nonNegative(queue, "--queue"))
                .maxUploadBytes(bytes(maxUpload)).requestTimeout(seconds(timeout, "--timeout"))
                .readTimeout(seconds(readTimeout, "--read-timeout"));
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be in 0..65535: " + port);
        }
        options.port(port);
        if (uploadDir != null) {
            options.tempDir(uploadDir);
        }
        CountDownLatch closed = new CountDownLatch(1);
        boolean interrupted = false;
        try (DetectorOptions.Assembled a = detector.build(false)) {
            options.concurrency(concurrency != null ? DetectorOptions.positive(concurrency, "--concurrency")
                    : a.detector.maxConcurrentVideos());
            try (ScoringServer server = ScoringServer.start(a.detector, options.build())) {
                // Ctrl-C: stop the server (join returns), then wait until the detector is closed below.
                Thread hook = new Thread(() -> stopAndWait(server, closed), "deepfake4j-serve-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                spec.commandLine().getErr().println("deepfake4j: serving on " + server.uri() + " (POST /v1/score,"
                        + " GET /healthz, GET /metrics); Ctrl-C stops");
                spec.commandLine().getErr().flush();
                try {
                    server.join();
                } catch (InterruptedException e) {
                    interrupted = true; // a stop asked by whoever runs the command in a thread; close first
                } finally {
                    removeHook(hook);
                }
            }
        } finally {
            closed.countDown();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return Main.EXIT_OK;
    }

    /** The shutdown hook: close the server, then give the command up to 15 s to close the detector. */
    private static void stopAndWait(AutoCloseable server, CountDownLatch closed) {
        try {
            server.close();
            closed.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("deepfake4j: stopping the server failed: " + e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running
        }
    }

    /** @return the bytes {@code 200M}, {@code 512k}, {@code 1G} or {@code 1000} say */
    static long bytes(String size) {
        String s = size.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("K") || s.endsWith("M") || s.endsWith("G")) {
            char c = s.charAt(s.length() - 1);
            unit = c == 'K' ? 1L << 10 : c == 'M' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s);
            if (n < 1) {
                throw new UsageException("--max-upload must be positive: " + size);
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("--max-upload: not a size (bytes, or a number with k, M or G): " + size);
        }
    }

    private static Duration seconds(double s, String option) {
        if (!(s > 0) || s > 86_400) {
            throw new UsageException(option + " must be in (0, 86400] seconds: " + s);
        }
        return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
    }

    private static int nonNegative(int n, String option) {
        if (n < 0) {
            throw new UsageException(option + " must not be negative: " + n);
        }
        return n;
    }
}
