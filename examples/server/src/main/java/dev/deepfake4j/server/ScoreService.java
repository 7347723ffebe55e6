package dev.deepfake4j.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.WindowOptions;
import dev.deepfake4j.WindowReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the service. {@code POST /v1/score} takes an admission ticket (at most concurrency + queue
 * uploads are received, waiting or scored at once, which also bounds the disk they use), has {@link UploadStore}
 * receive the body (and its {@code file} part, for multipart), has {@link TimedScoring} score it within the request
 * timeout, maps failures to statuses, and deletes every file it made in {@code finally}. Thread-safe: Jetty calls it on many threads.
 */
final class ScoreService extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreService.class);
    static final String SCORE = "/v1/score";
    static final String HEALTH = "/healthz";
    static final String METRICS = "/metrics";
    private static final String JSON = "application/json";
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}\n".getBytes(StandardCharsets.UTF_8);

    private final ServerOptions options;
    private final UploadStore uploads;
    private final TimedScoring scorer;
    private final Semaphore admission;
    private final ServiceMetrics metrics;

    ScoreService(DeepfakeDetector detector, ServerOptions options, Path dir, ExecutorService scoring,
            ServiceMetrics metrics) {
        this.options = options;
        this.uploads = new UploadStore(dir, options);
        this.scorer = new TimedScoring(detector, scoring, options, metrics);
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
            UploadStore.drain(request);
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
            if (status == 413 || WindowQuery.BAD_QUERY.equals(e.code)) {
                UploadStore.drain(request);
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

    /**
     * @return the JSON answer of a scored upload: the {@code score --json} object, or with {@code ?window=SECONDS}
     *         the windowed summary with every window's object in {@code window_reports}; every file made is added
     *         to {@code files} for the caller to delete
     */
    private byte[] scoreUpload(Request request, List<Path> files) throws HttpError {
        WindowOptions windows = WindowQuery.of(request);
        long declared = request.getLength();
        if (declared > options.maxUploadBytes()) {
            throw uploads.tooLarge();
        }
        Path upload = uploads.spool(request, files);
        long deadline = System.nanoTime() + options.requestTimeout().toNanos();
        String name = "-";
        Path video = upload;
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && MimeTypes.getBaseType(contentType) == MimeTypes.Type.MULTIPART_FORM_DATA) {
            video = uploads.newVideoFile();
            files.add(video);
            name = uploads.filePart(upload, contentType, video);
        }
        try {
            if (Files.size(video) == 0) {
                throw new HttpError(400, "NOT_A_VIDEO", "The upload is empty");
            }
            ObjectNode o;
            if (windows != null) {
                TimedScoring.Windowed scored = scorer.analyzeWindowsWithin(video, windows, deadline);
                o = WindowJson.of(scored.summary());
                o.put("path", name);
                ArrayNode each = o.putArray("window_reports");
                for (WindowReport w : scored.windows()) {
                    each.add(WindowJson.of(w).put("path", name));
                }
            } else {
                o = ReportJson.of(scorer.analyzeWithin(video, deadline), name);
            }
            rename(o.withArray("warnings"), video, name);
            return (o + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (DeepfakeException e) {
            throw mapped(e, video, name);
        } catch (IOException e) {
            throw UploadStore.internal(e);
        }
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




    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", f, e.toString());
        }
    }
}
