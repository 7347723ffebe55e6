package dev.deepfake4j.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Attributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives uploads into the server's own folder within the size limit: the raw body copied to a file (bytes
 * counted as they arrive, a stall or an early end answered), the {@code file} part taken out of a multipart body,
 * and what is left of a refused body read away. The caller deletes every file it is handed. Thread-safe: holds only
 * the folder and the options.
 */
final class UploadStore {
    private static final Logger LOG = LoggerFactory.getLogger(UploadStore.class);
    /** The most of a refused body that is read away before the answer, so the client sees it (bytes). */
    private static final long DRAIN_LIMIT = 16L << 20;

    private final Path dir;
    private final ServerOptions options;

    UploadStore(Path dir, ServerOptions options) {
        this.dir = dir;
        this.options = options;
    }

    /** @return a new file name in the folder for a video taken out of an upload (not created) */
    Path newVideoFile() {
        return dir.resolve("video-" + UUID.randomUUID() + ".bin");
    }

    /** Copies the request body to a new file, counting bytes against the limit. */
    Path spool(Request request, List<Path> files) throws HttpError {
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
    String filePart(Path upload, String contentType, Path video) throws HttpError {
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

    HttpError tooLarge() {
        return new HttpError(413, "TOO_LARGE", "The upload is larger than the limit of "
                + options.maxUploadBytes() + " bytes");
    }

    static HttpError internal(IOException e) {
        LOG.warn("Upload storage failed", e);
        return new HttpError(500, "INTERNAL", "The service could not store the upload: " + e.getMessage());
    }

    /**
     * Reads and drops what is left of a refused upload (up to {@link #DRAIN_LIMIT}) so the client reads the answer
     * instead of a connection reset. Nothing is read when the client waits for {@code 100 Continue}: it then never
     * sends the body.
     */
    static void drain(Request request) {
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
}
