package dev.deepfake4j.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.DetectorClosedException;
import dev.deepfake4j.VideoReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Attributes;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the service. {@code POST /v1/score} takes an admission ticket (at most concurrency + queue
 * uploads are received, waiting or scored at once, which also bounds the disk they use), copies the body to a file
 * in the server's folder (counting bytes against the limit), takes the {@code file} part out of a multipart body,
 * scores the video on the scoring pool within the request timeout, and deletes every file it made in
 * {@code finally}. Thread-safe: Jetty calls it on many threads.
 */
final class ScoreService extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreService.class);
    static final String SCORE = "/v1/score";
    static final String HEALTH = "/healthz";
    static final String METRICS = "/metrics";
    private static final String JSON = "application/json";
    /** A refused upload is read and dropped up to this size, so the client sees the answer, not a reset. */
    private static final long DRAIN_LIMIT = 16L << 20;
    /** How long a timed-out request waits for its interrupted scoring to stop before it deletes the file anyway. */
    private static final long CANCEL_GRACE_MS = 5_000;
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}\n".getBytes(StandardCharsets.UTF_8);

    private final DeepfakeDetector detector;
    private final ServerOptions options;
    private final Path dir;
    private final ExecutorService scoring;
    private final Semaphore admission;
    private final ServiceMetrics metrics;

    ScoreService(DeepfakeDetector detector, ServerOptions options, Path dir, ExecutorService scoring,
            ServiceMetrics metrics) {
        this.detector = detector;
        this.options = options;
        this.dir = dir;
        this.scoring = scoring;
        this.admission = new Semaphore(options.concurrency() + options.queue());
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        switch (path) {
            case SCORE:
                if ("POST".equals(method)) {
                    score(request, response, callback);
                } else {
                    methodNotAllowed(SCORE, "POST", response, callback);
                }
                return true;
            case HEALTH:
                if ("GET".equals(method) || "HEAD".equals(method)) {
                    send(HEALTH, response, callback, 200, JSON, HEALTHY);
                } else {
                    methodNotAllowed(HEALTH, "GET", response, callback);
                }
                return true;
            case METRICS:
                if ("GET".equals(method) || "HEAD".equals(method)) {
                    send(METRICS, response, callback, 200, ServiceMetrics.CONTENT_TYPE, metrics.scrape());
                } else {
                    methodNotAllowed(METRICS, "GET", response, callback);
                }
                return true;
            default:
                fail("other", response, callback, new HttpError(404, "NOT_FOUND",
                        "No such endpoint: " + path + " (there are POST " + SCORE + ", GET " + HEALTH + ", GET "
                                + METRICS + ")"));
                return true;
        }
    }

    private void score(Request request, Response response, Callback callback) {
        if (!admission.tryAcquire()) {
            drain(request);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            fail(SCORE, response, callback, new HttpError(503, "BUSY", "The service is scoring "
                    + options.concurrency() + " videos and has " + options.queue()
                    + " more waiting; try again shortly"));
            return;
        }
        metrics.admitted();
        List<Path> files = new ArrayList<>(2);
        int status = 200;
        byte[] body;
        try {
            body = scoreUpload(request, files);
        } catch (HttpError e) {
            status = e.status;
            body = e.body();
            if (status == 413) {
                drain(request);
            }
        } finally {
            for (Path f : files) {
                deleteQuietly(f);
            }
            metrics.done();
            admission.release();
        }
        send(SCORE, response, callback, status, JSON, body);
    }

    /** @return the JSON answer of a scored upload; every file made is added to {@code files} for the caller to delete */
    private byte[] scoreUpload(Request request, List<Path> files) throws HttpError {
        long declared = request.getLength();
        if (declared > options.maxUploadBytes()) {
            throw tooLarge();
        }
        Path upload = spool(request, files);
        long deadline = System.nanoTime() + options.requestTimeout().toNanos();
        String name = "-";
        Path video = upload;
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && MimeTypes.getBaseType(contentType) == MimeTypes.Type.MULTIPART_FORM_DATA) {
            video = dir.resolve("video-" + UUID.randomUUID() + ".bin");
            files.add(video);
            name = filePart(upload, contentType, video);
        }
        try {
            if (Files.size(video) == 0) {
                throw new HttpError(400, "NOT_A_VIDEO", "The upload is empty");
            }
            VideoReport report = analyzeWithin(video, deadline);
            ObjectNode o = ReportJson.of(report, name);
            rename(o.withArray("warnings"), video, name);
            return (o + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (DeepfakeException e) {
            throw mapped(e, video, name);
        } catch (IOException e) {
            throw internal(e);
        }
    }

    /** Copies the request body to a new file, counting bytes against the limit. */
    private Path spool(Request request, List<Path> files) throws HttpError {
        Path file;
        try {
            file = Files.createTempFile(dir, "upload-", ".bin");
        } catch (IOException e) {
            throw internal(e);
        }
        files.add(file);
        long max = options.maxUploadBytes();
        long total = 0;
        try (InputStream in = Request.asInputStream(request); OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
                if (total > max) {
                    throw tooLarge();
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            if (isTimeout(e)) {
                throw new HttpError(408, "UPLOAD_TIMEOUT", "The upload stalled for longer than "
                        + options.readTimeout().toMillis() + " ms after " + total + " bytes");
            }
            throw new HttpError(400, "UPLOAD_INCOMPLETE", "The upload ended early after " + total + " bytes: " + e);
        }
        return file;
    }

    /** Takes the {@code file} part of a multipart body into {@code video}; @return the part's file name, or "-". */
    private String filePart(Path upload, String contentType, Path video) throws HttpError {
        MultiPartConfig config = new MultiPartConfig.Builder()
                .location(dir)
                .maxParts(16)
                .maxSize(options.maxUploadBytes())
                .maxPartSize(options.maxUploadBytes())
                .maxMemoryPartSize(64 * 1024)
                .build();
        MultiPartFormData.Parts parts;
        try {
            parts = MultiPartFormData.getParts(Content.Source.from(upload), new Attributes.Mapped(), contentType,
                    config);
        } catch (RuntimeException e) {
            throw new HttpError(400, "BAD_REQUEST", "Not a readable multipart/form-data body: " + rootMessage(e));
        }
        try (parts) {
            MultiPart.Part part = parts.getFirst("file");
            if (part == null) {
                throw new HttpError(400, "BAD_REQUEST", "The multipart body has no part named 'file'");
            }
            part.writeTo(video);
            String fileName = part.getFileName();
            return fileName == null || fileName.isBlank() ? "-" : fileName;
        } catch (IOException e) {
            throw internal(e);
        }
    }

    /**
     * Scores on the scoring pool within the deadline. A video that runs past it is interrupted (the detector then
     * stops with {@code CANCELLED}) and waited for, so its file is deleted only once no one reads it.
     */
    private VideoReport analyzeWithin(Path video, long deadline) throws DeepfakeException, HttpError {
        AtomicBoolean started = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Future<VideoReport> future;
        try {
            future = scoring.submit(() -> {
                if (!started.compareAndSet(false, true)) {
                    return null; // the request gave up before a slot was free
                }
                long t0 = System.nanoTime();
                try {
                    return analyze(video);
                } finally {
                    metrics.scored(System.nanoTime() - t0);
                    finished.countDown();
                }
            });
        } catch (RejectedExecutionException e) {
            throw shuttingDown();
        }
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String limit = options.requestTimeout().toMillis() + " ms";
            if (started.compareAndSet(false, true)) {
                future.cancel(false);
                throw new HttpError(504, "TIMEOUT", "No scoring slot was free within " + limit);
            }
            future.cancel(true);
            awaitQuietly(finished);
            throw new HttpError(504, "TIMEOUT", "Scoring took longer than " + limit + " and was stopped");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DeepfakeException de) {
                throw de;
            }
            if (cause instanceof DetectorClosedException) {
                throw shuttingDown();
            }
            LOG.warn("Scoring failed unexpectedly", cause);
            throw new HttpError(500, "INTERNAL", "Scoring failed: " + cause);
        } catch (InterruptedException e) {
            // Jetty interrupts its threads when the server stops.
            started.set(true);
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw shuttingDown();
        }
    }

    /**
     * The one place an upload becomes a detector input. When the library takes streams or bytes, this is where
     * the spooled file gives way to them.
     */
    private VideoReport analyze(Path video) throws DeepfakeException {
        return detector.analyze(video);
    }

    private HttpError mapped(DeepfakeException e, Path video, String name) {
        String message = e.getMessage() == null ? e.code().name() : e.getMessage().replace(video.toString(), name);
        switch (e.code()) {
            case NOT_A_VIDEO:
            case DECODE_FAILED:
            case UNSUPPORTED_INPUT:
                return new HttpError(400, e.code().name(), message);
            case CANCELLED:
                return new HttpError(504, "TIMEOUT", message);
            case BUSY:
                return new HttpError(503, "BUSY", message); // the detector's own bound on videos held
            default:
                LOG.warn("Scoring an upload failed: {}: {}", e.code(), message, e);
                return new HttpError(500, e.code().name(), message);
        }
    }

    private static void rename(ArrayNode warnings, Path video, String name) {
        for (int i = 0; i < warnings.size(); i++) {
            String w = warnings.get(i).asText();
            if (w.contains(video.toString())) {
                warnings.set(i, w.replace(video.toString(), name));
            }
        }
    }

    private HttpError tooLarge() {
        return new HttpError(413, "TOO_LARGE", "The upload is larger than the limit of "
                + options.maxUploadBytes() + " bytes");
    }

    private static HttpError shuttingDown() {
        return new HttpError(503, "SHUTTING_DOWN", "The service is stopping");
    }

    private static HttpError internal(IOException e) {
        LOG.warn("Upload storage failed", e);
        return new HttpError(500, "INTERNAL", "The service could not store the upload: " + e.getMessage());
    }

    /**
     * Reads and drops what is left of a refused upload (up to {@link #DRAIN_LIMIT}) so the client reads the answer
     * instead of a connection reset. Nothing is read when the client waits for {@code 100 Continue}: it then never
     * sends the body.
     */
    private static void drain(Request request) {
        if (request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString())) {
            return;
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] buf = new byte[64 * 1024];
            long left = DRAIN_LIMIT;
            for (int n; left > 0 && (n = in.read(buf)) >= 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Dropping a refused upload failed: {}", e.toString());
        }
    }

    private void methodNotAllowed(String endpoint, String allowed, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.ALLOW, allowed);
        fail(endpoint, response, callback, new HttpError(405, "METHOD_NOT_ALLOWED",
                endpoint + " takes " + allowed));
    }

    private void fail(String endpoint, Response response, Callback callback, HttpError e) {
        send(endpoint, response, callback, e.status, JSON, e.body());
    }

    private void send(String endpoint, Response response, Callback callback, int status, String type, byte[] body) {
        metrics.answered(endpoint, status);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type.toLowerCase(Locale.ROOT).startsWith("application/json")
                ? "application/json; charset=utf-8" : type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(CANCEL_GRACE_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("An interrupted scoring did not stop within {} ms", CANCEL_GRACE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", f, e.toString());
        }
    }
}
