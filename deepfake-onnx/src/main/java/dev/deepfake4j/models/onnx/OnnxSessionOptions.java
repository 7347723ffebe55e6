package dev.deepfake4j.models.onnx;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How ONNX Runtime sessions are opened: threads, graph optimisation, execution provider, log level. Immutable and
 * thread-safe; one instance can open any number of sessions. Its API uses this library's own types only; the
 * sessions themselves are opened inside this package by the classifier that owns them.
 *
 * <p>Defaults: ONNX Runtime's own thread counts (intra-op: one per physical core; inter-op: 1, as models run
 * sequentially), {@link GraphOptimization#ALL}, {@link ExecutionProvider#CPU}, no CPU fallback, session log level
 * warning.
 *
 * <p>Asking for {@link ExecutionProvider#CUDA} or {@link ExecutionProvider#TENSOR_RT} with the CPU-only ONNX Runtime
 * jar (or without a working CUDA install) fails with {@link ErrorCode#BACKEND_FAILURE} naming the provider and the
 * {@code gpu} Maven profile — unless {@link Builder#allowCpuFallback(boolean)} was set, in which case a warning is
 * logged, the session runs on the CPU, and an {@link OnnxClassifier} opened with these options says so
 * ({@link OnnxClassifier#executionProvider()}, {@link OnnxClassifier#warnings()}) and carries that warning into every
 * report. The provider is never switched silently.
 *
 * <p>GPU options (device id, GPU memory arena limit, cuDNN algorithm search; for TensorRT FP16 and the engine cache
 * folder) are checked when the options are built: setting one that the chosen provider does not use is an
 * {@link IllegalStateException} naming both.
 */
public final class OnnxSessionOptions {
    private static final OnnxSessionOptions DEFAULTS = builder().build();

    private final int intraOpThreads;
    private final boolean allowSpinning;
    private final int interOpThreads;
    private final GraphOptimization optimization;
    private final ExecutionProvider provider;
    private final int deviceId;
    private final boolean allowCpuFallback;
    private final SessionLogLevel logLevel;
    private final long gpuMemoryLimit;
    private final CudnnConvAlgoSearch cudnnConvAlgoSearch;
    private final boolean tensorRtFp16;
    private final Path tensorRtEngineCache;

    private OnnxSessionOptions(Builder b) {
        this.intraOpThreads = b.intraOpThreads;
        this.allowSpinning = b.allowSpinning;
        this.interOpThreads = b.interOpThreads;
        this.optimization = b.optimization;
        this.provider = b.provider;
        this.deviceId = b.deviceId;
        this.allowCpuFallback = b.allowCpuFallback;
        this.logLevel = b.logLevel;
        this.gpuMemoryLimit = b.gpuMemoryLimit;
        this.cudnnConvAlgoSearch = b.cudnnConvAlgoSearch;
        this.tensorRtFp16 = b.tensorRtFp16;
        this.tensorRtEngineCache = b.tensorRtEngineCache;
    }

    /** @return the default options (see the class Javadoc) */
    public static OnnxSessionOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder preset to the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.intraOpThreads = intraOpThreads;
        b.allowSpinning = allowSpinning;
        b.interOpThreads = interOpThreads;
        b.optimization = optimization;
        b.provider = provider;
        b.deviceId = deviceId;
        b.deviceIdSet = deviceId != 0;
        b.allowCpuFallback = allowCpuFallback;
        b.logLevel = logLevel;
        b.gpuMemoryLimit = gpuMemoryLimit;
        b.cudnnConvAlgoSearch = cudnnConvAlgoSearch;
        b.tensorRtFp16 = tensorRtFp16;
        b.tensorRtEngineCache = tensorRtEngineCache;
        return b;
    }

    /**
     * @return the execution providers this library can use that the ONNX Runtime build on the classpath has;
     *         always {@link ExecutionProvider#CPU}, CUDA and TensorRT only with the {@code gpu} build
     */
    public static Set<ExecutionProvider> availableProviders() {
        return OnnxSessions.availableProviders();
    }

    /** @return intra-op threads (threads inside one operator); 0 means ONNX Runtime's default */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** @return inter-op threads (operators run in parallel); 0 means ONNX Runtime's default */
    public int interOpThreads() {
        return interOpThreads;
    }

    /** @return the graph optimisation level */
    public GraphOptimization graphOptimization() {
        return optimization;
    }

    /** @return the execution provider asked for */
    public ExecutionProvider executionProvider() {
        return provider;
    }

    /** @return the GPU device index for CUDA and TensorRT */
    public int deviceId() {
        return deviceId;
    }

    /** @return whether an unavailable GPU provider may be replaced by the CPU (with a warning) */
    public boolean allowCpuFallback() {
        return allowCpuFallback;
    }

    /** @return the session log level */
    public SessionLogLevel sessionLogLevel() {
        return logLevel;
    }

    /** @return whether ONNX Runtime's idle worker threads busy-wait (see {@link Builder#allowSpinning(boolean)}) */
    boolean allowSpinning() {
        return allowSpinning;
    }

    /** @return the most bytes the CUDA provider's memory arena may hold on the GPU; 0 means no limit */
    public long gpuMemoryLimit() {
        return gpuMemoryLimit;
    }

    /** @return how cuDNN convolution algorithms are chosen, or empty for ONNX Runtime's default (exhaustive) */
    public Optional<CudnnConvAlgoSearch> cudnnConvAlgoSearch() {
        return Optional.ofNullable(cudnnConvAlgoSearch);
    }

    /** @return whether TensorRT may build FP16 engines */
    public boolean tensorRtFp16() {
        return tensorRtFp16;
    }

    /** @return the folder where TensorRT keeps built engines between runs, or empty for no cache */
    public Optional<Path> tensorRtEngineCache() {
        return Optional.ofNullable(tensorRtEngineCache);
    }

    @Override
    public String toString() {
        return "OnnxSessionOptions[provider=" + provider + (allowCpuFallback ? " (CPU fallback allowed)" : "")
                + ", device=" + deviceId + ", intraOp=" + intraOpThreads + ", interOp=" + interOpThreads
                + ", optimization=" + optimization + ", log=" + logLevel
                + (gpuMemoryLimit > 0 ? ", gpuMemoryLimit=" + gpuMemoryLimit : "")
                + (cudnnConvAlgoSearch != null ? ", cudnn=" + cudnnConvAlgoSearch : "")
                + (tensorRtFp16 ? ", trtFp16" : "")
                + (tensorRtEngineCache != null ? ", trtEngineCache=" + tensorRtEngineCache : "") + "]";
    }

    /** Builds {@link OnnxSessionOptions}; each setter checks its argument. Not thread-safe; reusable. */
    public static final class Builder {
        private int intraOpThreads;
        private boolean allowSpinning;
        private int interOpThreads;
        private GraphOptimization optimization = GraphOptimization.ALL;
        private ExecutionProvider provider = ExecutionProvider.CPU;
        private int deviceId;
        private boolean allowCpuFallback;
        private SessionLogLevel logLevel = SessionLogLevel.WARNING;
        private boolean deviceIdSet;
        private long gpuMemoryLimit;
        private CudnnConvAlgoSearch cudnnConvAlgoSearch;
        private boolean tensorRtFp16;
        private Path tensorRtEngineCache;

        private Builder() {
        }

        /**
         * @param bytes the most GPU memory the CUDA provider's arena may hold, in bytes, at least 64 MiB; 0 (the
         *        default) means no limit. Needs {@link ExecutionProvider#CUDA} or {@link ExecutionProvider#TENSOR_RT}.
         * @return this
         */
        public Builder gpuMemoryLimit(long bytes) {
            checkArgument(bytes == 0 || bytes >= (64L << 20), "GPU memory limit must be 0 (none) or at least 64 MiB:"
                    + " %s bytes", bytes);
            this.gpuMemoryLimit = bytes;
            return this;
        }

        /**
         * @param search how cuDNN convolution algorithms are chosen (default: ONNX Runtime's, exhaustive). Needs
         *        {@link ExecutionProvider#CUDA} or {@link ExecutionProvider#TENSOR_RT}.
         * @return this
         */
        public Builder cudnnConvAlgoSearch(CudnnConvAlgoSearch search) {
            this.cudnnConvAlgoSearch = Objects.requireNonNull(search, "search");
            return this;
        }

        /**
         * @param fp16 whether TensorRT may build half-precision engines (default false). Needs
         *        {@link ExecutionProvider#TENSOR_RT}.
         * @return this
         */
        public Builder tensorRtFp16(boolean fp16) {
            this.tensorRtFp16 = fp16;
            return this;
        }

        /**
         * @param folder where TensorRT keeps built engines between runs (building one takes minutes); an existing
         *        folder or one that does not exist yet, never a file. Needs {@link ExecutionProvider#TENSOR_RT}.
         * @return this
         */
        public Builder tensorRtEngineCache(Path folder) {
            Objects.requireNonNull(folder, "folder");
            checkArgument(!Files.exists(folder) || Files.isDirectory(folder),
                    "TensorRT engine cache must be a folder, but %s is a file", folder);
            this.tensorRtEngineCache = folder.toAbsolutePath();
            return this;
        }

        /** @param threads threads inside one operator, 1 or more; 0 restores ONNX Runtime's default @return this */
        public Builder intraOpThreads(int threads) {
            checkArgument(threads >= 0, "intra-op threads must be 0 (default) or more: %s", threads);
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * @param spin whether ONNX Runtime's idle worker threads busy-wait for the next task (ONNX Runtime's own
         *        default) — lowest latency on a machine that does nothing else; default false here, because the
         *        classifier shares the cores with FFmpeg decoding and OpenCV face location
         * @return this
         */
        public Builder allowSpinning(boolean spin) {
            this.allowSpinning = spin;
            return this;
        }

        /** @param threads threads running operators in parallel; 0 restores ONNX Runtime's default @return this */
        public Builder interOpThreads(int threads) {
            checkArgument(threads >= 0, "inter-op threads must be 0 (default) or more: %s", threads);
            this.interOpThreads = threads;
            return this;
        }

        /** @param level graph optimisation level (default {@link GraphOptimization#ALL}) @return this */
        public Builder graphOptimization(GraphOptimization level) {
            this.optimization = Objects.requireNonNull(level, "level");
            return this;
        }

        /** @param provider where to run (default CPU; see the class Javadoc for GPUs) @return this */
        public Builder executionProvider(ExecutionProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** @param deviceId GPU index for CUDA and TensorRT, 0 or more (default 0) @return this */
        public Builder deviceId(int deviceId) {
            checkArgument(deviceId >= 0, "device id must be 0 or more: %s", deviceId);
            this.deviceId = deviceId;
            this.deviceIdSet = deviceId != 0;
            return this;
        }

        /**
         * @param allow whether a GPU provider that cannot start may be replaced by the CPU, with a logged warning
         *        (default false: it is an error)
         * @return this
         */
        public Builder allowCpuFallback(boolean allow) {
            this.allowCpuFallback = allow;
            return this;
        }

        /**
         * @param level the session's log level (default warning; error silences models that list their weights
         *        among the graph inputs, such as UltraFace)
         * @return this
         */
        public Builder sessionLogLevel(SessionLogLevel level) {
            this.logLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @return the options; the builder stays usable
         * @throws IllegalStateException naming both sides when a GPU option is set for a provider that does not use
         *         it (e.g. {@code tensorRtFp16} with {@code CUDA}, or {@code gpuMemoryLimit} with {@code CPU})
         */
        public OnnxSessionOptions build() {
            boolean gpu = provider != ExecutionProvider.CPU;
            requireProvider(gpu || !deviceIdSet, "deviceId " + deviceId, "CUDA or TENSOR_RT");
            requireProvider(gpu || gpuMemoryLimit == 0, "gpuMemoryLimit " + gpuMemoryLimit, "CUDA or TENSOR_RT");
            requireProvider(gpu || cudnnConvAlgoSearch == null, "cudnnConvAlgoSearch " + cudnnConvAlgoSearch,
                    "CUDA or TENSOR_RT");
            boolean trt = provider == ExecutionProvider.TENSOR_RT;
            requireProvider(trt || !tensorRtFp16, "tensorRtFp16 true", "TENSOR_RT");
            requireProvider(trt || tensorRtEngineCache == null, "tensorRtEngineCache " + tensorRtEngineCache,
                    "TENSOR_RT");
            return new OnnxSessionOptions(this);
        }

        private void requireProvider(boolean ok, String option, String needed) {
            if (!ok) {
                throw new IllegalStateException(option + " needs executionProvider " + needed + ", but the"
                        + " execution provider is " + provider);
            }
        }
    }
}
