package dev.deepfake4j.models.registry;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP GET into a partial file, hashed as it arrives; {@link ModelDownloader} decides how often to try. When
 * the partial file already holds bytes it asks for the rest ({@code Range: bytes=N-}, with {@code If-Range} when
 * the first response named a validator): a 206 answer starting at N is appended, a 200 answer replaces the file.
 * The body is pushed into the file by the HTTP client's threads; the calling thread waits, reports progress, and
 * abandons the attempt when no bytes arrive for the read timeout (the JDK client has no read timeout of its own
 * once headers are in). One instance per attempt; not shared.
 */
final class FileDownload implements HttpResponse.BodySubscriber<Long> {
    private static final long POLL_MILLIS = 200;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(?:\\d+|\\*)");

    private final FileChannel out;
    private final MessageDigest sha256;
    private final long start;
    private final long maxBytes;
    private final AtomicLong received = new AtomicLong();
    private final CompletableFuture<Long> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    /** What one attempt needs to know. {@code validator} is the ETag or Last-Modified the partial bytes came with. */
    record Request(HttpClient client, URI url, Path part, long maxBytes, Duration readTimeout,
            DownloadProgress progress, String fileName, long expectedBytes, boolean resume, String validator) {
    }

    /**
     * A finished attempt.
     *
     * @param sha256 the SHA-256 of the whole partial file, lower-case hex
     * @param bytes its size
     * @param resumed whether it continued bytes written by an earlier attempt
     * @param validator the validator to send with a later range request, or null
     */
    record Result(String sha256, long bytes, boolean resumed, String validator) {
    }

    /** A failed attempt worth another; {@code restart} says the partial file must not be continued. */
    static final class RetryableFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean restart;
        final String validator;

        RetryableFailure(String message, Throwable cause, boolean restart, String validator) {
            super(message, cause);
            this.restart = restart;
            this.validator = validator;
        }
    }

    private FileDownload(FileChannel out, MessageDigest sha256, long start, long maxBytes) {
        this.out = out;
        this.sha256 = sha256;
        this.start = start;
        this.maxBytes = maxBytes;
    }

    /**
     * Runs one attempt.
     *
     * @throws RetryableFailure when the connection dropped or stalled, or the server answered 5xx, 408, 416 or 429
     * @throws DeepfakeException {@link ErrorCode#IO_FAILURE} for any other HTTP status, a body over the size limit or
     *         a local write error; {@link ErrorCode#CANCELLED} when interrupted
     */
    static Result attempt(Request r) throws DeepfakeException, RetryableFailure {
        long offset = r.resume() && Files.isRegularFile(r.part()) ? size(r.part()) : 0;
        if (offset >= r.maxBytes()) {
            offset = 0; // a part that cannot be continued within the limit is restarted
        }
        MessageDigest prefix = offset > 0 ? FileHashes.digestOfPrefix(r.part(), offset) : null;
        HttpRequest.Builder request = HttpRequest.newBuilder(r.url()).timeout(r.readTimeout()).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
            if (r.validator() != null) {
                request.header("If-Range", r.validator());
            }
        }
        Answer answer = new Answer(r, offset, prefix);
        CompletableFuture<HttpResponse<Long>> response = r.client().sendAsync(request.build(), answer::subscriber);
        try {
            waitFor(response, answer, r);
        } finally {
            FileDownload d = answer.download;
            if (d != null) {
                d.closeQuietly();
            }
        }
        FileDownload d = answer.download;
        if (d == null) {
            throw failedStatus(r, answer.status, offset, answer.validator);
        }
        long total = d.start + d.received.get();
        r.progress().update(r.fileName(), total, r.expectedBytes());
        return new Result(HexFormat.of().formatHex(d.sha256.digest()), total, d.start > 0, answer.validator);
    }

    /**
     * What the server answered, filled in on the HTTP client's thread when the headers arrive and read by the
     * waiting thread (volatile: the stall check reads it while the transfer runs).
     */
    private static final class Answer {
        private final Request request;
        private final long asked;
        private final MessageDigest prefix;
        volatile int status;
        volatile String validator;
        volatile FileDownload download;

        Answer(Request request, long asked, MessageDigest prefix) {
            this.request = request;
            this.asked = asked;
            this.prefix = prefix;
            this.validator = request.validator();
        }

        HttpResponse.BodySubscriber<Long> subscriber(HttpResponse.ResponseInfo info) {
            status = info.statusCode();
            long from;
            if (info.statusCode() == 200) {
                from = 0;
                validator = validatorOf(info.headers());
            } else if (info.statusCode() == 206 && asked > 0 && rangeStart(info.headers()) == asked) {
                from = asked;
            } else {
                return HttpResponse.BodySubscribers.replacing(-1L);
            }
            FileDownload d = open(request.part(), from, from > 0 ? prefix : FileHashes.newSha256(),
                    request.maxBytes());
            download = d;
            return d;
        }

        long bytesInFile() {
            FileDownload d = download;
            return d == null ? 0 : d.start + d.received.get();
        }
    }

    private static void waitFor(CompletableFuture<HttpResponse<Long>> response, Answer answer, Request r) throws DeepfakeException, RetryableFailure {
        long lastBytes = -1;
        long lastChange = System.nanoTime();
        try {
            while (true) {
                try {
                    response.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException stillRunning) {
                    long done = answer.bytesInFile();
                    long now = System.nanoTime();
                    if (done != lastBytes) {
                        lastBytes = done;
                        lastChange = now;
                        r.progress().update(r.fileName(), done, r.expectedBytes());
                    } else if (now - lastChange > r.readTimeout().toNanos()) {
                        response.cancel(true);
                        abort(answer.download);
                        throw new RetryableFailure("stalled: no data for " + r.readTimeout().toSeconds() + " s after "
                                + done + " bytes", null, false, answer.validator);
                    }
                }
            }
        } catch (InterruptedException e) {
            response.cancel(true);
            abort(answer.download);
            throw DeepfakeException.cancelled("downloading " + r.url());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            abort(answer.download);
            if (cause instanceof TooLarge) {
                throw new DeepfakeException(ErrorCode.IO_FAILURE, "Download of " + r.url() + " refused: "
                        + cause.getMessage() + "; nothing was stored", cause);
            }
            throw new RetryableFailure("failed after " + answer.bytesInFile() + " of " + r.expectedBytes() + " bytes: "
                    + cause, cause, false, answer.validator);
        }
    }

    /** @return the failure to throw for an answer without a body to keep, unless it is worth another attempt */
    private static DeepfakeException failedStatus(Request r, int status, long asked, String validator)
            throws RetryableFailure {
        if (status == 206 || status == 416) {
            // the server's range does not continue our bytes: start again from the first byte
            throw new RetryableFailure("HTTP " + status + " does not continue byte " + asked, null, true, null);
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new RetryableFailure("HTTP " + status, null, false, validator);
        }
        return new DeepfakeException(ErrorCode.IO_FAILURE, "Download of " + r.url() + " failed: HTTP " + status
                + "; check the URL or use a mirror (" + RegistryConfig.MIRROR_ENV + ")");
    }

    private static FileDownload open(Path part, long from, MessageDigest digest, long maxBytes) {
        try {
            FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            out.truncate(from);
            out.position(from);
            return new FileDownload(out, digest, from, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + part, e);
        }
    }

    private static long rangeStart(HttpHeaders headers) {
        Matcher m = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse(""));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String validatorOf(HttpHeaders headers) {
        // a weak ETag may not be used in If-Range (RFC 9110, 13.1.5); Last-Modified may
        return headers.firstValue("ETag").filter(t -> !t.startsWith("W/"))
                .or(() -> headers.firstValue("Last-Modified")).orElse(null);
    }

    private static long size(Path file) throws DeepfakeException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Cannot read " + file + ": " + e.getMessage(), file, e);
        }
    }

    @Override
    public CompletionStage<Long> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        try {
            for (ByteBuffer b : buffers) {
                long total = start + received.get() + b.remaining();
                if (total > maxBytes) {
                    throw new TooLarge("the server sent more than the expected " + maxBytes + " bytes");
                }
                sha256.update(b.duplicate());
                while (b.hasRemaining()) {
                    out.write(b);
                }
                received.set(total - start);
            }
            subscription.request(1);
        } catch (IOException e) {
            subscription.cancel();
            body.completeExceptionally(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        try {
            out.force(true); // the bytes are on disk before the rename makes them the model
            body.complete(received.get());
        } catch (IOException e) {
            body.completeExceptionally(e);
        }
    }

    private static void abort(FileDownload d) {
        if (d == null) {
            return;
        }
        Flow.Subscription s = d.subscription;
        if (s != null) {
            s.cancel();
        }
        d.body.completeExceptionally(new IOException("download abandoned"));
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // a failed close after success shows in the checksum; on failure the part is continued or deleted
        }
    }

    /** The body grew past the entry's size limit: not worth another attempt. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }
}
