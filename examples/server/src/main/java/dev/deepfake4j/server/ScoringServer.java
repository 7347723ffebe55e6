package dev.deepfake4j.server;

import dev.deepfake4j.DeepfakeDetector;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP service over one {@link DeepfakeDetector} (the contract of {@code deepfake4j serve}):
 * <ul>
 *   <li>{@code POST /v1/score}: the video as the raw body, or a {@code multipart/form-data} body with a
 *       {@code file} part; answers 200 with the {@code score --json} object ({@link ReportJson}), whose
 *       {@code path} is the part's file name, or {@code -} for a raw body;</li>
 *   <li>{@code GET /healthz}: 200 {@code {"status":"ok"}};</li>
 *   <li>{@code GET /metrics}: Prometheus text format (requests by endpoint and status, scoring time histogram,
 *       score requests in flight).</li>
 * </ul>
 * Any other answer is {@code {"error": {"code", "message"}}}: 400 not a video ({@code NOT_A_VIDEO},
 * {@code DECODE_FAILED}, {@code UNSUPPORTED_INPUT}) or a bad request ({@code BAD_REQUEST},
 * {@code UPLOAD_INCOMPLETE}), 404, 405, 408 {@code UPLOAD_TIMEOUT}, 413 {@code TOO_LARGE}, 503 {@code BUSY} (with
 * {@code Retry-After}) or {@code SHUTTING_DOWN}, 504 {@code TIMEOUT}, 500 for the rest (the detector's code, or
 * {@code INTERNAL}). Uploads are spooled to files in one folder the server owns and deleted when their request
 * ends, whatever happened.
 *
 * <p>Built on Jetty 12 (core, no servlets). Thread-safe. The server does not own the detector: close the server
 * first, then the detector. {@link #close()} stops listening, interrupts scoring in progress, and removes the
 * folder it made.
 */
public final class ScoringServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final ExecutorService scoring;
    private final Path dir;
    private final boolean ownDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ScoringServer(Server server, ServerConnector connector, ExecutorService scoring, Path dir, boolean ownDir) {
        this.server = server;
        this.connector = connector;
        this.scoring = scoring;
        this.dir = dir;
        this.ownDir = ownDir;
    }

    /**
     * Starts listening.
     *
     * @param detector scores the uploads; stays the caller's (never closed here)
     * @param options address and limits
     * @return the running server
     * @throws IOException when the folder cannot be made or the address cannot be bound
     */
    public static ScoringServer start(DeepfakeDetector detector, ServerOptions options) throws IOException {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(options, "options");
        boolean ownDir = options.tempDir().isEmpty();
        Path dir = ownDir ? Files.createTempDirectory("deepfake4j-server-")
                : Files.createDirectories(options.tempDir().get());
        ExecutorService scoring = scoringPool(options.concurrency());
        // Threads: one per upload admitted (they block while reading and waiting), plus Jetty's acceptor,
        // selector and the cheap requests (health, metrics, refusals).
        int admitted = options.concurrency() + options.queue();
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, admitted + 12), 2);
        threads.setName("deepfake4j-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.readTimeout().toMillis());
        server.addConnector(connector);
        server.setHandler(new ScoreService(detector, options, dir, scoring, new ServiceMetrics()));
        server.setErrorHandler(new JsonErrors());
        server.setStopTimeout(5_000);
        ScoringServer s = new ScoringServer(server, connector, scoring, dir, ownDir);
        try {
            server.start();
        } catch (Exception e) {
            s.close();
            throw e instanceof IOException io ? io : new IOException("Could not start the server on "
                    + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        LOG.debug("deepfake4j service on {} ({})", s.uri(), options);
        return s;
    }

    /** @return the port listened on (the one picked when the options said 0) */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return {@code http://host:port/} */
    public URI uri() {
        String host = connector.getHost();
        if (host != null && host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + (host == null ? "0.0.0.0" : host) + ":" + port() + "/");
    }

    /** @return the folder uploads are spooled to (empty between requests) */
    public Path uploadDirectory() {
        return dir;
    }

    /**
     * Blocks until the server is closed.
     *
     * @throws InterruptedException when this thread is interrupted first
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops listening, interrupts scoring in progress, and removes the folder it made. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server failed", e);
        }
        scoring.shutdownNow();
        try {
            if (!scoring.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Scoring threads still run 10 s after the server stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownDir) {
            removeFolder(dir);
        }
    }

    private static ExecutorService scoringPool(int n) {
        AtomicInteger count = new AtomicInteger();
        // Unbounded queue on purpose: the admission tickets of ScoreService bound what is ever submitted.
        return new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "deepfake4j-score-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static void removeFolder(Path dir) {
        try (DirectoryStream<Path> left = Files.newDirectoryStream(dir)) {
            for (Path p : left) {
                LOG.warn("Removing a file left in the upload folder: {}", p);
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not empty {}: {}", dir, e.toString());
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", dir, e.toString());
        }
    }

    /** Jetty's own error answers (a malformed request, headers too large) in the service's JSON form. */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                Throwable cause, Callback callback) {
            byte[] body = HttpError.json("HTTP_" + code, message == null ? "HTTP " + code : message);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
