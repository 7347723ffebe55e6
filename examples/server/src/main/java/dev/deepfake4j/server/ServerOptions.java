package dev.deepfake4j.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The limits and address of a {@link ScoringServer}. Immutable and thread-safe; make one with {@link #builder()}.
 * Every option has a default, documented on its builder method.
 */
public final class ServerOptions {
    /** Default {@link Builder#maxUploadBytes}: 200 MiB, ten times a 10-second 1080p DFDC clip. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 200L << 20;
    /** Default {@link Builder#queue}: uploads that may wait for a free slot. */
    public static final int DEFAULT_QUEUE = 4;
    /** Default {@link Builder#requestTimeout}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@link Builder#readTimeout}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final long maxUploadBytes;
    private final int concurrency;
    private final int queue;
    private final Duration requestTimeout;
    private final Duration readTimeout;
    private final Path tempDir;

    private ServerOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.maxUploadBytes = b.maxUploadBytes;
        this.concurrency = b.concurrency;
        this.queue = b.queue;
        this.requestTimeout = b.requestTimeout;
        this.readTimeout = b.readTimeout;
        this.tempDir = b.tempDir;
    }

    /** @return a builder preset to the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the address to listen on */
    public String host() {
        return host;
    }

    /** @return the port to listen on; 0 for any free one */
    public int port() {
        return port;
    }

    /** @return the largest request body accepted, in bytes */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** @return videos scored at once */
    public int concurrency() {
        return concurrency;
    }

    /** @return uploads that may wait for a slot beyond those scored */
    public int queue() {
        return queue;
    }

    /** @return the limit from the end of an upload to its answer, waiting for a slot included */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return the longest a connection may stay silent (mid-upload included) before it is closed */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** @return the folder for uploads, when one was given; else the server makes (and removes) its own */
    public Optional<Path> tempDir() {
        return Optional.ofNullable(tempDir);
    }

    @Override
    public String toString() {
        return "ServerOptions[host=" + host + ", port=" + port + ", maxUploadBytes=" + maxUploadBytes
                + ", concurrency=" + concurrency + ", queue=" + queue + ", requestTimeout=" + requestTimeout
                + ", readTimeout=" + readTimeout + ", tempDir=" + tempDir + "]";
    }

    /** Builds {@link ServerOptions}; not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private int concurrency = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int queue = DEFAULT_QUEUE;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Path tempDir;

        private Builder() {
        }

        /**
         * @param host address to listen on; default {@code 127.0.0.1} (loopback: nothing outside the machine
         *        reaches the service unless asked)
         * @return this
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param port 0..65535; 0 picks a free port ({@link ScoringServer#port()} tells which); default 8080
         * @return this
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param bytes the largest request body accepted (a larger one is answered 413); default
         *        {@link #DEFAULT_MAX_UPLOAD_BYTES}
         * @return this
         */
        public Builder maxUploadBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxUploadBytes must be positive: " + bytes);
            }
            this.maxUploadBytes = bytes;
            return this;
        }

        /**
         * @param n videos scored at once; default the number of cores
         * @return this
         */
        public Builder concurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + n);
            }
            this.concurrency = n;
            return this;
        }

        /**
         * @param n uploads received or waiting beyond the {@link #concurrency} scored; one more is answered 503
         *        with {@code Retry-After}; default {@link #DEFAULT_QUEUE}
         * @return this
         */
        public Builder queue(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("queue must not be negative: " + n);
            }
            this.queue = n;
            return this;
        }

        /**
         * @param timeout the limit from the end of an upload to its answer, waiting for a slot included; past it
         *        the scoring is interrupted and the answer is 504; default {@link #DEFAULT_REQUEST_TIMEOUT}
         * @return this
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * @param timeout how long a connection may stay silent, mid-upload included, before it is closed; default
         *        {@link #DEFAULT_READ_TIMEOUT}
         * @return this
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * @param dir a folder for uploads (created when missing, never removed); default a new temporary folder
         *        that the server removes when it closes
         * @return this
         */
        public Builder tempDir(Path dir) {
            this.tempDir = Objects.requireNonNull(dir, "tempDir");
            return this;
        }

        /** @return the options */
        public ServerOptions build() {
            return new ServerOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
