package dev.deepfake4j.models.registry;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads an entry's file into its partial file over HTTP(S), retrying failed attempts with exponential backoff
 * ({@link RegistryConfig#downloadAttempts()}, {@link RegistryConfig#retryBackoff()}) and continuing the partial
 * file by HTTP range where the server allows it, then checks size and SHA-256. It never renames: the caller moves
 * the verified partial file into place ({@link ModelCache#store}).
 *
 * <p>An unpinned entry is continued only with the validator (ETag or Last-Modified) of the response that began
 * it, so that the SHA-256 recorded on first use is never that of two different files spliced together. Thread-safe:
 * the HTTP client is created once, on first use; callers serialise downloads of one file with {@link CacheLock}.
 */
final class ModelDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDownloader.class);

    private final RegistryConfig config;
    private volatile HttpClient http;

    ModelDownloader(RegistryConfig config) {
        this.config = config;
    }

    /**
     * Fetches {@code entry} into {@code part}, leaving there the complete file whose checksum was verified (pinned)
     * or is to be recorded (unpinned). On failure {@code part} may hold bytes; the caller deletes it.
     *
     * @return the SHA-256 of the downloaded file, lower-case hex
     * @throws DeepfakeException {@link ErrorCode#IO_FAILURE} after the last failed attempt or at once for an
     *         answer that no retry can change (e.g. HTTP 404), naming the URL; {@link ErrorCode#CHECKSUM_MISMATCH}
     *         when a complete file differs from the pinned size or SHA-256; {@link ErrorCode#CANCELLED} when
     *         interrupted
     */
    String download(RegistryEntry entry, Path part, DownloadProgress progress) throws DeepfakeException {
        LOG.info("Downloading model {} ({} bytes) from {}", entry.name(),
                entry.sizeBytes() > 0 ? entry.sizeBytes() : "unknown", entry.url());
        int attempts = config.downloadAttempts();
        Duration backoff = config.retryBackoff();
        // a part left by an earlier process came without a validator we know: only a pinned checksum guards it
        boolean resume = entry.isPinned();
        String validator = null;
        String lastFailure = "no attempt made";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            FileDownload.Request request = new FileDownload.Request(client(), entry.url(), part, entry.maxBytes(),
                    config.readTimeout(), progress, entry.fileName(), entry.maxBytes(), resume, validator);
            try {
                FileDownload.Result result = FileDownload.attempt(request);
                if (matchesPin(entry, result)) {
                    return result.sha256();
                }
                if (!result.resumed() || attempt == attempts) {
                    throw mismatch(entry, result);
                }
                // the first bytes may come from a file the server has since replaced: fetch it whole once more
                lastFailure = "a resumed download did not match the pinned sha256";
                LOG.warn("Download of {}: {}; trying again from the first byte", entry.url(), lastFailure);
                ModelCache.deleteQuietly(part);
                resume = false;
            } catch (FileDownload.RetryableFailure f) {
                lastFailure = f.getMessage();
                if (f.restart) {
                    ModelCache.deleteQuietly(part);
                }
                validator = f.restart ? null : f.validator != null ? f.validator : validator;
                resume = !f.restart && (entry.isPinned() || validator != null);
                if (attempt < attempts) {
                    LOG.warn("Download of {} (attempt {} of {}) {}; retrying in {} ms", entry.url(), attempt,
                            attempts, lastFailure, backoff.toMillis());
                    sleep(backoff, entry);
                    backoff = min(backoff.multipliedBy(2), RegistryConfig.MAX_RETRY_BACKOFF);
                }
            }
        }
        throw new DeepfakeException(ErrorCode.IO_FAILURE, "Download of " + entry.url() + " failed after " + attempts
                + " attempt(s), the last one " + lastFailure + "; nothing was stored, try again or use a mirror ("
                + RegistryConfig.MIRROR_ENV + ")");
    }

    private static boolean matchesPin(RegistryEntry entry, FileDownload.Result result) {
        return !entry.isPinned() || (result.sha256().equals(entry.sha256())
                && (entry.sizeBytes() == 0 || result.bytes() == entry.sizeBytes()));
    }

    private static DeepfakeException mismatch(RegistryEntry entry, FileDownload.Result result) {
        return new DeepfakeException(ErrorCode.CHECKSUM_MISMATCH, "Downloaded " + entry.fileName() + " from "
                + entry.url() + " has sha256 " + result.sha256() + " (" + result.bytes() + " bytes) but the registry"
                + " expects " + entry.sha256() + " (" + entry.sizeBytes() + " bytes); it was discarded. The server"
                + " sent different bytes: check the URL or use a mirror");
    }

    private static void sleep(Duration d, RegistryEntry entry) throws DeepfakeException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            throw DeepfakeException.cancelled("waiting to retry the download of " + entry.url());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                c = http;
                if (c == null) {
                    c = HttpClient.newBuilder()
                            .connectTimeout(config.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();
                    http = c;
                }
            }
        }
        return c;
    }
}
