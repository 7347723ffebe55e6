package dev.deepfake4j.spi;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.image.PixelFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How a {@link VideoDecoder} decodes: threads, output format and size, limits. Immutable and thread-safe; build one
 * with {@link #builder()}; {@link #defaults()} documents each default.
 */
public final class DecodeOptions {
    private static final DecodeOptions DEFAULTS = builder().build();
    /** The default {@link #spoolLimitBytes()}: 2 GiB, well above any DFDC clip (≤ 20 MB) or a typical upload. */
    public static final long DEFAULT_SPOOL_LIMIT_BYTES = 2L << 30;
    /** The default {@link #networkTimeout()}: 30 seconds. */
    public static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern PROTOCOL = Pattern.compile("[a-z][a-z0-9+.-]*");

    /** Where video is decoded. */
    public enum HardwareDecoding {
        /** On the CPU (the default). */
        NONE,
        /**
         * On an NVIDIA GPU's video decoder (NVDEC, FFmpeg's {@code cuda} hwaccel), frames copied back to the CPU for
         * conversion. Needs an NVIDIA driver; where the device cannot be opened the decoder decodes in software and
         * records a warning in {@link VideoSource#warnings()} (and so in the report), never an error.
         */
        CUDA
    }

    private final int threads;
    private final PixelFormat pixelFormat;
    private final int maxWidth;
    private final int maxHeight;
    private final int scaleLongSide;
    private final boolean fastSeek;
    private final boolean skipLoopFilter;
    private final Duration timeout;
    private final HardwareDecoding hardwareDecoding;
    private final long spoolLimitBytes;
    private final Path spoolDirectory;
    private final Set<String> allowedProtocols;
    private final Duration networkTimeout;
    private final Path tlsCaFile;

    private DecodeOptions(Builder b) {
        this.threads = b.threads;
        this.pixelFormat = b.pixelFormat;
        this.maxWidth = b.maxWidth;
        this.maxHeight = b.maxHeight;
        this.scaleLongSide = b.scaleLongSide;
        this.fastSeek = b.fastSeek;
        this.skipLoopFilter = b.skipLoopFilter;
        this.timeout = b.timeout;
        this.hardwareDecoding = b.hardwareDecoding;
        this.spoolLimitBytes = b.spoolLimitBytes;
        this.spoolDirectory = b.spoolDirectory;
        this.allowedProtocols = Set.copyOf(b.allowedProtocols);
        this.networkTimeout = b.networkTimeout;
        this.tlsCaFile = b.tlsCaFile;
    }

    /** @return a builder preset to the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset to these options, every one of them included (so a derived copy cannot silently lose one).
     *
     * @return a new builder holding this object's values
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.threads = threads;
        b.pixelFormat = pixelFormat;
        b.maxWidth = maxWidth;
        b.maxHeight = maxHeight;
        b.scaleLongSide = scaleLongSide;
        b.fastSeek = fastSeek;
        b.skipLoopFilter = skipLoopFilter;
        b.timeout = timeout;
        b.hardwareDecoding = hardwareDecoding;
        b.spoolLimitBytes = spoolLimitBytes;
        b.spoolDirectory = spoolDirectory;
        b.allowedProtocols = new TreeSet<>(allowedProtocols);
        b.networkTimeout = networkTimeout;
        b.tlsCaFile = tlsCaFile;
        return b;
    }

    /**
     * The defaults: all cores for decoding, BGR output (OpenCV's order, so face location needs no conversion),
     * at most 8192×8192 pixels, no scaling, exact frames (no fast seek), no time limit, software decoding; streams
     * spooled up to {@link #DEFAULT_SPOOL_LIMIT_BYTES} into {@code java.io.tmpdir}; no network protocol allowed;
     * network timeout {@link #DEFAULT_NETWORK_TIMEOUT}.
     *
     * @return the default options
     */
    public static DecodeOptions defaults() {
        return DEFAULTS;
    }

    /** @return decoder threads; 0 means one per available core */
    public int threads() {
        return threads;
    }

    /** @return the channel order of delivered frames */
    public PixelFormat pixelFormat() {
        return pixelFormat;
    }

    /** @return the widest video accepted, in pixels; wider ones fail with {@code UNSUPPORTED_INPUT} before any frame buffer is allocated */
    public int maxWidth() {
        return maxWidth;
    }

    /** @return the tallest video accepted, in pixels */
    public int maxHeight() {
        return maxHeight;
    }

    /** @return when positive, frames are scaled so their longer side is this many pixels; 0 keeps the size */
    public int scaleLongSide() {
        return scaleLongSide;
    }

    /**
     * @return whether each sampled frame may move to the nearest frame decodable without B-frames (much cheaper
     *         on streams with many B-frames; the delivered frame's index says which frame it is)
     */
    public boolean fastSeek() {
        return fastSeek;
    }

    /**
     * @return whether frames are decoded without the codec's in-loop deblocking filter (FFmpeg's
     *         {@code skip_loop_filter = AVDISCARD_ALL}, as {@code ffmpeg -skip_loop_filter all}): about a fifth less
     *         H.264 decoding CPU, but every frame's pixels then differ a little from the true frame, more so towards
     *         the end of each group of pictures, so scores move too. Off by default; {@code --fast} turns it on.
     */
    public boolean skipLoopFilter() {
        return skipLoopFilter;
    }

    /** @return the longest one video may take to decode; {@link Duration#ZERO} means no limit */
    public Duration timeout() {
        return timeout;
    }

    /** @return where video is decoded; a hardware decoder that cannot start falls back to software with a warning */
    public HardwareDecoding hardwareDecoding() {
        return hardwareDecoding;
    }

    /**
     * @return the most bytes a non-seekable input (an {@link java.io.InputStream}) may copy into its temporary spool
     *         file; a longer stream fails with {@code UNSUPPORTED_INPUT} naming this limit, and the partial file is
     *         removed
     */
    public long spoolLimitBytes() {
        return spoolLimitBytes;
    }

    /** @return the folder for spool files; empty means {@code java.io.tmpdir} */
    public Optional<Path> spoolDirectory() {
        return Optional.ofNullable(spoolDirectory);
    }

    /**
     * @return the URI schemes (lower case) a {@link dev.deepfake4j.VideoInput} may use besides {@code file:}; empty
     *         (the default) allows none. The FFmpeg decoder sets its protocol whitelist to exactly these plus the
     *         transports they need (see {@code deepfake-video}'s package documentation)
     */
    public Set<String> allowedProtocols() {
        return allowedProtocols;
    }

    /**
     * @return the connect timeout and the longest wait for data on a network input (FFmpeg's {@code timeout} and
     *         {@code rw_timeout}, which it takes in microseconds); a stalled connection fails instead of hanging
     */
    public Duration networkTimeout() {
        return networkTimeout;
    }

    /**
     * @return the PEM file of the certificate authorities that a TLS input ({@code https}, {@code rtmps},
     *         {@code rtsps}) must chain to; with it the FFmpeg decoder verifies the server's certificate and host name
     *         ({@code tls_verify=1}, {@code ca_file}) and refuses any other. Empty (the default) leaves FFmpeg's own
     *         default, which encrypts but does <b>not</b> verify the server: set it for inputs that cross networks
     *         you do not trust
     */
    public Optional<Path> tlsCaFile() {
        return Optional.ofNullable(tlsCaFile);
    }

    @Override
    public String toString() {
        return "DecodeOptions[threads=" + threads + ", " + pixelFormat + ", max " + maxWidth + "x" + maxHeight
                + ", scaleLongSide=" + scaleLongSide + ", fastSeek=" + fastSeek + ", skipLoopFilter=" + skipLoopFilter
                + ", timeout=" + timeout
                + ", hardware=" + hardwareDecoding + ", spoolLimit=" + spoolLimitBytes + " bytes"
                + (spoolDirectory != null ? ", spoolDirectory=" + spoolDirectory : "") + ", protocols="
                + allowedProtocols + ", networkTimeout=" + networkTimeout
                + (tlsCaFile != null ? ", tlsCaFile=" + tlsCaFile : "") + "]";
    }

    /** Builds {@link DecodeOptions}; each setter validates at once. Not thread-safe. */
    public static final class Builder {
        private int threads;
        private PixelFormat pixelFormat = PixelFormat.BGR24;
        private int maxWidth = 8192;
        private int maxHeight = 8192;
        private int scaleLongSide;
        private boolean fastSeek;
        private boolean skipLoopFilter;
        private Duration timeout = Duration.ZERO;
        private HardwareDecoding hardwareDecoding = HardwareDecoding.NONE;
        private long spoolLimitBytes = DEFAULT_SPOOL_LIMIT_BYTES;
        private Path spoolDirectory;
        private Set<String> allowedProtocols = new TreeSet<>();
        private Duration networkTimeout = DEFAULT_NETWORK_TIMEOUT;
        private Path tlsCaFile;

        private Builder() {
        }

        /** @param threads decoder threads, 0 for one per core @return this */
        public Builder threads(int threads) {
            checkArgument(threads >= 0 && threads <= 256, "decoder threads must be in 0..256: %s", threads);
            this.threads = threads;
            return this;
        }

        /** @param format channel order of delivered frames @return this */
        public Builder pixelFormat(PixelFormat format) {
            this.pixelFormat = Objects.requireNonNull(format, "pixelFormat");
            return this;
        }

        /**
         * @param width widest accepted video in pixels
         * @param height tallest accepted video in pixels
         * @return this
         */
        public Builder maxDimensions(int width, int height) {
            checkArgument(width > 0 && height > 0, "maximum dimensions must be positive: %sx%s", width, height);
            this.maxWidth = width;
            this.maxHeight = height;
            return this;
        }

        /** @param pixels longer side of delivered frames, or 0 to keep the size @return this */
        public Builder scaleLongSide(int pixels) {
            checkArgument(pixels >= 0, "scaleLongSide cannot be negative: %s", pixels);
            this.scaleLongSide = pixels;
            return this;
        }

        /** @param fastSeek see {@link DecodeOptions#fastSeek()} @return this */
        public Builder fastSeek(boolean fastSeek) {
            this.fastSeek = fastSeek;
            return this;
        }

        /** @param skipLoopFilter see {@link DecodeOptions#skipLoopFilter()} @return this */
        public Builder skipLoopFilter(boolean skipLoopFilter) {
            this.skipLoopFilter = skipLoopFilter;
            return this;
        }

        /** @param timeout per-video limit, {@link Duration#ZERO} for none @return this */
        public Builder timeout(Duration timeout) {
            checkArgument(!timeout.isNegative(), "timeout cannot be negative: %s", timeout);
            this.timeout = timeout;
            return this;
        }

        /**
         * @param hardware where to decode (default {@link HardwareDecoding#NONE}); see {@link HardwareDecoding#CUDA}
         *        for the fallback
         * @return this
         */
        public Builder hardwareDecoding(HardwareDecoding hardware) {
            this.hardwareDecoding = Objects.requireNonNull(hardware, "hardwareDecoding");
            return this;
        }

        /** @param bytes see {@link DecodeOptions#spoolLimitBytes()}; positive @return this */
        public Builder spoolLimitBytes(long bytes) {
            checkArgument(bytes > 0, "spoolLimitBytes must be positive: %s", bytes);
            this.spoolLimitBytes = bytes;
            return this;
        }

        /** @param folder where spool files go, or {@code null} for {@code java.io.tmpdir} @return this */
        public Builder spoolDirectory(Path folder) {
            this.spoolDirectory = folder;
            return this;
        }

        /**
         * Allows URI schemes besides {@code file:} (added to those already allowed).
         *
         * @param protocols scheme names such as {@code http}, {@code https}; matched case-insensitively; {@code file}
         *        is refused (file URIs are always read as paths)
         * @return this
         * @throws IllegalArgumentException for a name that is not a URI scheme, or {@code file}
         */
        public Builder allowProtocols(Set<String> protocols) {
            for (String p : Objects.requireNonNull(protocols, "protocols")) {
                String lower = Objects.requireNonNull(p, "protocol").toLowerCase(Locale.ROOT);
                checkArgument(PROTOCOL.matcher(lower).matches(), "not a URI scheme: '%s'", p);
                checkArgument(!lower.equals("file"), "'file' need not be allowed: file: URIs are always read as "
                        + "paths, and FFmpeg's file protocol is never opened for a network input");
                allowedProtocols.add(lower);
            }
            return this;
        }

        /** @param timeout see {@link DecodeOptions#networkTimeout()}; positive @return this */
        public Builder networkTimeout(Duration timeout) {
            checkArgument(!timeout.isNegative() && !timeout.isZero(), "networkTimeout must be positive: %s", timeout);
            this.networkTimeout = timeout;
            return this;
        }

        /**
         * @param caFile see {@link DecodeOptions#tlsCaFile()}: a readable PEM file of CA certificates
         * @return this
         * @throws IllegalArgumentException when the file is not a readable regular file
         */
        public Builder tlsCaFile(Path caFile) {
            Objects.requireNonNull(caFile, "caFile");
            checkArgument(java.nio.file.Files.isRegularFile(caFile) && java.nio.file.Files.isReadable(caFile),
                    "tlsCaFile must be a readable PEM file of CA certificates: %s", caFile);
            this.tlsCaFile = caFile.toAbsolutePath();
            return this;
        }

        /** @return the options; the builder stays usable */
        public DecodeOptions build() {
            return new DecodeOptions(this);
        }
    }
}
