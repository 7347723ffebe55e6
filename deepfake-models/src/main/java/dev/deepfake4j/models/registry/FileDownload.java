package dev.deepfake4j.models.registry;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP download into a file, hashed as it arrives. The body is pushed into the file by the HTTP client's
 * threads; the calling thread waits, reports progress, and abandons the transfer when no bytes arrive for the read
 * timeout (the JDK client has no read timeout of its own once headers are in).
 */
final class FileDownload implements HttpResponse.BodySubscriber<Long> {
    private static final long POLL_MILLIS = 200;

    private final FileChannel out;
    private final MessageDigest sha256;
    private final long maxBytes;
    private final AtomicLong received = new AtomicLong();
    private final CompletableFuture<Long> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    private FileDownload(Path target, long maxBytes) throws IOException {
        this.out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.maxBytes = maxBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Downloads {@code request} into {@code target} (an existing, empty file).
     *
     * @return the SHA-256 of the bytes written, lower-case hex
     */
    static String fetch(HttpClient client, HttpRequest request, Path target, long expectedBytes,
            java.time.Duration readTimeout, DownloadProgress progress, String fileName) throws DeepfakeException {
        FileDownload download;
        try {
            download = new FileDownload(target, expectedBytes);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot write " + target + ": " + e.getMessage(),
                    target, e);
        }
        int[] status = {0};
        CompletableFuture<HttpResponse<Long>> response = client.sendAsync(request, info -> {
            status[0] = info.statusCode();
            return info.statusCode() == 200 ? download : HttpResponse.BodySubscribers.replacing(-1L);
        });
        long lastBytes = -1;
        long lastChange = System.nanoTime();
        try {
            while (true) {
                try {
                    response.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException stillRunning) {
                    long done = download.received.get();
                    long now = System.nanoTime();
                    if (done != lastBytes) {
                        lastBytes = done;
                        lastChange = now;
                        progress.update(fileName, done, expectedBytes);
                    } else if (now - lastChange > readTimeout.toNanos()) {
                        response.cancel(true);
                        download.abort();
                        throw new DeepfakeException(ErrorCode.IO_FAILURE, "Download of " + request.uri()
                                + " stalled: no data for " + readTimeout.toSeconds() + " s after " + done
                                + " bytes; check the network or use a mirror (DEEPFAKE4J_MODEL_MIRROR)");
                    }
                }
            }
        } catch (InterruptedException e) {
            response.cancel(true);
            download.abort();
            throw DeepfakeException.cancelled("downloading " + request.uri());
        } catch (ExecutionException e) {
            download.abort();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Download of " + request.uri() + " failed after "
                    + download.received.get() + " of " + expectedBytes + " bytes: " + cause
                    + "; nothing was stored, try again or use a mirror (DEEPFAKE4J_MODEL_MIRROR)", cause);
        } finally {
            download.closeQuietly();
        }
        if (status[0] != 200) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Download of " + request.uri() + " failed: HTTP "
                    + status[0]);
        }
        progress.update(fileName, download.received.get(), expectedBytes);
        return HexFormat.of().formatHex(download.sha256.digest());
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
                long total = received.addAndGet(b.remaining());
                if (total > maxBytes) {
                    throw new IOException("server sent more than the expected " + maxBytes + " bytes");
                }
                sha256.update(b.duplicate());
                while (b.hasRemaining()) {
                    out.write(b);
                }
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
        body.complete(received.get());
    }

    private void abort() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        body.completeExceptionally(new IOException("download abandoned"));
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is deleted by the caller on failure; a failed close after success shows in the checksum
        }
    }
}
