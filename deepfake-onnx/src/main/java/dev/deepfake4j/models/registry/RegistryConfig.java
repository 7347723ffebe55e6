package dev.deepfake4j.models.registry;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the registry keeps and finds models, and whether it may use the network. Immutable and thread-safe.
 *
 * <p>{@link #fromEnvironment()} reads:
 * <ul>
 *   <li>{@value #HOME_ENV}: the cache is {@code $DEEPFAKE4J_HOME/models}; unset, {@code ~/.cache/deepfake4j/models};</li>
 *   <li>{@value #MIRROR_ENV}: a folder searched recursively, by file name, before downloading (e.g. a shared drive
 *       on machines without internet);</li>
 *   <li>{@value #OFFLINE_ENV}: {@code 1} or {@code true} forbids any network access.</li>
 * </ul>
 * Timeouts: 30 s to connect, 60 s without receiving data before a download attempt is abandoned. A failed attempt
 * (connection dropped or stalled, HTTP 5xx, 408 or 429) is retried up to {@value #DEFAULT_DOWNLOAD_ATTEMPTS}
 * attempts in all, waiting 1 s, then 2 s, 4 s… (at most {@link #MAX_RETRY_BACKOFF}) in between, and resumes the
 * partial file with an HTTP range request where the server allows it.
 */
public final class RegistryConfig {
    /** Environment variable naming the deepfake4j home folder; the cache is its {@code models} subfolder. */
    public static final String HOME_ENV = "DEEPFAKE4J_HOME";
    /** Environment variable naming the mirror folder. */
    public static final String MIRROR_ENV = "DEEPFAKE4J_MODEL_MIRROR";
    /** Environment variable that, set to {@code 1} or {@code true}, forbids downloads. */
    public static final String OFFLINE_ENV = "DEEPFAKE4J_OFFLINE";
    /** Default time to establish a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Default longest wait for the next bytes of a download (and for the response headers). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    /** Default number of download attempts, the first included: enough to ride out a dropped connection or two. */
    public static final int DEFAULT_DOWNLOAD_ATTEMPTS = 4;
    /** Default wait before the first retry; it doubles for each further retry. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    /** The longest wait between two attempts, however many there are. */
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(30);

    private final Path cacheDir;
    private final Path mirror;
    private final boolean offline;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int downloadAttempts;
    private final Duration retryBackoff;

    private RegistryConfig(Builder b) {
        this.cacheDir = b.cacheDir;
        this.mirror = b.mirror;
        this.offline = b.offline;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.downloadAttempts = b.downloadAttempts;
        this.retryBackoff = b.retryBackoff;
    }

    /** @return the configuration from this process's environment variables (see the class Javadoc) */
    public static RegistryConfig fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * @param env environment variables (only {@value #HOME_ENV}, {@value #MIRROR_ENV}, {@value #OFFLINE_ENV} are
     *        read)
     * @param userHome the user's home folder, for the default cache
     * @return the configuration those variables describe
     */
    public static RegistryConfig from(Map<String, String> env, Path userHome) {
        String home = env.get(HOME_ENV);
        Path cache = home != null && !home.isBlank() ? Path.of(home).resolve("models")
                : userHome.resolve(".cache").resolve("deepfake4j").resolve("models");
        Builder b = builder(cache);
        String mirror = env.get(MIRROR_ENV);
        if (mirror != null && !mirror.isBlank()) {
            b.mirror(Path.of(mirror));
        }
        String offline = env.get(OFFLINE_ENV);
        b.offline(offline != null && (offline.trim().equals("1") || offline.trim().equalsIgnoreCase("true")));
        return b.build();
    }

    /**
     * @param cacheDir the folder models are downloaded into and looked up in first
     * @return a builder with no mirror, online, default timeouts
     */
    public static Builder builder(Path cacheDir) {
        return new Builder(cacheDir);
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        Builder b = new Builder(cacheDir);
        b.mirror = mirror;
        b.offline = offline;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.downloadAttempts = downloadAttempts;
        b.retryBackoff = retryBackoff;
        return b;
    }

    /** @return the model cache folder (created when the first model is stored) */
    public Path cacheDir() {
        return cacheDir;
    }

    /** @return the mirror folder, when configured */
    public Optional<Path> mirror() {
        return Optional.ofNullable(mirror);
    }

    /** @return whether network access is forbidden */
    public boolean offline() {
        return offline;
    }

    /** @return the longest time to establish a connection */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the longest wait for response headers or for the next bytes of a download */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** @return how many times a download is attempted in all, at least 1 */
    public int downloadAttempts() {
        return downloadAttempts;
    }

    /** @return the wait before the first retry; doubled for each further one, up to {@link #MAX_RETRY_BACKOFF} */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    @Override
    public String toString() {
        return "RegistryConfig[cache=" + cacheDir + ", mirror=" + mirror + ", offline=" + offline + ", connect="
                + connectTimeout + ", read=" + readTimeout + ", attempts=" + downloadAttempts + ", backoff="
                + retryBackoff + "]";
    }

    /** Builds a {@link RegistryConfig}. Not thread-safe; reusable. */
    public static final class Builder {
        private final Path cacheDir;
        private Path mirror;
        private boolean offline;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private int downloadAttempts = DEFAULT_DOWNLOAD_ATTEMPTS;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;

        private Builder(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath().normalize();
        }

        /** @param mirror a folder searched recursively by file name, or null for none @return this */
        public Builder mirror(Path mirror) {
            this.mirror = mirror == null ? null : mirror.toAbsolutePath().normalize();
            return this;
        }

        /** @param offline true to forbid network access @return this */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** @param timeout time to establish a connection, positive @return this */
        public Builder connectTimeout(Duration timeout) {
            checkArgument(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                    "connect timeout must be positive: %s", timeout);
            this.connectTimeout = timeout;
            return this;
        }

        /** @param timeout longest wait for headers or further bytes, positive @return this */
        public Builder readTimeout(Duration timeout) {
            checkArgument(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                    "read timeout must be positive: %s", timeout);
            this.readTimeout = timeout;
            return this;
        }

        /** @param attempts download attempts in all, the first included; 1 means no retry @return this */
        public Builder downloadAttempts(int attempts) {
            checkArgument(attempts >= 1, "download attempts must be at least 1: %s", attempts);
            this.downloadAttempts = attempts;
            return this;
        }

        /** @param backoff wait before the first retry, zero or positive; it doubles for each further one @return this */
        public Builder retryBackoff(Duration backoff) {
            checkArgument(backoff != null && !backoff.isNegative(), "retry backoff must not be negative: %s", backoff);
            this.retryBackoff = backoff;
            return this;
        }

        /** @return the configuration; the builder stays usable */
        public RegistryConfig build() {
            return new RegistryConfig(this);
        }
    }
}
