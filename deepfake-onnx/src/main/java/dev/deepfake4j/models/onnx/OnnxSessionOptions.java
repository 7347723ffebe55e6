package dev.deepfake4j.models.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How ONNX Runtime sessions are opened: threads, graph optimisation, execution provider, log level. Immutable and
 * thread-safe; one instance can open any number of sessions.
 *
 * <p>Defaults: ONNX Runtime's own thread counts (intra-op: one per physical core; inter-op: 1, as models run
 * sequentially), {@link GraphOptimization#ALL}, {@link ExecutionProvider#CPU}, no CPU fallback, session log level
 * warning.
 *
 * <p>Asking for {@link ExecutionProvider#CUDA} or {@link ExecutionProvider#TENSOR_RT} with the CPU-only ONNX Runtime
 * jar (or without a working CUDA install) fails with {@link ErrorCode#BACKEND_FAILURE} naming the provider and the
 * {@code gpu} Maven profile — unless {@link Builder#allowCpuFallback(boolean)} was set, in which case a warning is
 * logged, the session runs on the CPU, and {@link #open(Path)} says so ({@link Opened#fallbackWarning()}); an
 * {@link OnnxClassifier} carries that warning into every report. The provider is never switched silently.
 *
 * <p>GPU options (device id, GPU memory arena limit, cuDNN algorithm search; for TensorRT FP16 and the engine cache
 * folder) are checked when the options are built: setting one that the chosen provider does not use is an
 * {@link IllegalStateException} naming both.
 */
public final class OnnxSessionOptions {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessionOptions.class);
    private static final OnnxSessionOptions DEFAULTS = builder().build();

    private final int intraOpThreads;
    private final boolean allowSpinning;
    private final int interOpThreads;
    private final GraphOptimization optimization;
    private final ExecutionProvider provider;
    private final int deviceId;
    private final boolean allowCpuFallback;
    private final OrtLoggingLevel logLevel;
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

    /**
     * A session together with the execution provider it actually runs on.
     *
     * @param session the open session, owned by the caller
     * @param provider where it runs: the one asked for, or {@link ExecutionProvider#CPU} after a permitted fallback
     * @param fallbackWarning why the CPU replaced the provider asked for; empty when it did not
     */
    public record Opened(OrtSession session, ExecutionProvider provider, Optional<String> fallbackWarning) {
        /** Checks the fields. */
        public Opened {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(fallbackWarning, "fallbackWarning");
        }
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

    /** @return the process-wide ONNX Runtime environment (ONNX Runtime allows one per process) */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** @return the execution providers compiled into the ONNX Runtime build on the classpath */
    public static EnumSet<OrtProvider> availableProviders() {
        return OrtEnvironment.getAvailableProviders();
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
    public OrtLoggingLevel sessionLogLevel() {
        return logLevel;
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

    /**
     * Opens a session on a model file. The caller owns the session and closes it; it may be shared by any number
     * of threads.
     *
     * @param model an ONNX file
     * @return the open session
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the file does not exist,
     *         {@link ErrorCode#MODEL_INVALID} when ONNX Runtime cannot load it, {@link ErrorCode#BACKEND_FAILURE}
     *         when the execution provider is not available (see the class Javadoc)
     */
    public OrtSession createSession(Path model) throws DeepfakeException {
        return open(model).session();
    }

    /**
     * Opens a session on a model file and tells which provider it runs on. The caller owns the session and closes
     * it; it may be shared by any number of threads.
     *
     * @param model an ONNX file
     * @return the open session with its actual provider
     * @throws DeepfakeException as {@link #createSession(Path)}
     */
    public Opened open(Path model) throws DeepfakeException {
        Objects.requireNonNull(model, "model");
        if (!Files.isRegularFile(model)) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "Model file " + model + " does not exist"
                    + (Files.isDirectory(model) ? " (it is a directory)" : "") + "; check the path", model, null);
        }
        Prepared prepared = prepare(model.toString());
        try (OrtSession.SessionOptions options = prepared.options) {
            return new Opened(environment().createSession(model.toString(), options), prepared.provider,
                    prepared.fallbackWarning);
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "ONNX Runtime cannot load model " + model + ": "
                    + e.getMessage() + "; is it a complete ONNX file?", model, e);
        }
    }

    /**
     * Opens a session on a model held in memory. The caller owns the session and closes it.
     *
     * @param model the bytes of an ONNX file
     * @param description what to call the model in messages, e.g. its name
     * @return the open session
     * @throws DeepfakeException {@link ErrorCode#MODEL_INVALID} when ONNX Runtime cannot load the bytes,
     *         {@link ErrorCode#BACKEND_FAILURE} when the execution provider is not available
     */
    public OrtSession createSession(byte[] model, String description) throws DeepfakeException {
        return open(model, description).session();
    }

    /**
     * Opens a session on a model held in memory and tells which provider it runs on. The caller owns the session.
     *
     * @param model the bytes of an ONNX file
     * @param description what to call the model in messages
     * @return the open session with its actual provider
     * @throws DeepfakeException as {@link #createSession(byte[], String)}
     */
    public Opened open(byte[] model, String description) throws DeepfakeException {
        Objects.requireNonNull(model, "model");
        Prepared prepared = prepare(description);
        try (OrtSession.SessionOptions options = prepared.options) {
            return new Opened(environment().createSession(model, options), prepared.provider,
                    prepared.fallbackWarning);
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "ONNX Runtime cannot load model " + description
                    + " (" + model.length + " bytes): " + e.getMessage(), e);
        }
    }

    /**
     * Native session options for these settings, the execution provider already added. The caller closes them
     * (they may be closed as soon as the session is created).
     *
     * @param modelDescription the model the options are for, named in messages
     * @return new session options
     * @throws DeepfakeException {@link ErrorCode#BACKEND_FAILURE} when the provider is unavailable and no fallback
     *         was allowed
     */
    public OrtSession.SessionOptions toOrt(String modelDescription) throws DeepfakeException {
        return prepare(modelDescription).options;
    }

    /** Native options, the provider they really carry, and the warning when that is a fallback. */
    private record Prepared(OrtSession.SessionOptions options, ExecutionProvider provider,
            Optional<String> fallbackWarning) {
    }

    private Prepared prepare(String modelDescription) throws DeepfakeException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                options.setInterOpNumThreads(interOpThreads);
            }
            // ONNX Runtime's idle threads spin by default; beside FFmpeg and OpenCV on a few cores they burn the CPU
            // the decoder needs
            options.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
            options.setOptimizationLevel(optimization.ortLevel());
            options.setSessionLogLevel(logLevel);
            Optional<String> fallback = addProvider(options, modelDescription);
            return new Prepared(options, fallback.isPresent() ? ExecutionProvider.CPU : provider, fallback);
        } catch (OrtException e) {
            options.close();
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Cannot configure ONNX Runtime for "
                    + modelDescription + ": " + e.getMessage(), e);
        } catch (DeepfakeException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** @return the fallback warning when the CPU replaces the provider, empty when the provider was added */
    private Optional<String> addProvider(OrtSession.SessionOptions options, String modelDescription)
            throws DeepfakeException {
        if (provider == ExecutionProvider.CPU) {
            return Optional.empty();
        }
        EnumSet<OrtProvider> available = availableProviders();
        if (!available.contains(provider.ortProvider())) {
            return Optional.of(unavailable(modelDescription, "this ONNX Runtime build has only " + available, null));
        }
        try {
            if (provider == ExecutionProvider.TENSOR_RT) {
                try (OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(deviceId)) {
                    if (tensorRtFp16) {
                        trt.add("trt_fp16_enable", "1");
                    }
                    if (tensorRtEngineCache != null) {
                        trt.add("trt_engine_cache_enable", "1");
                        trt.add("trt_engine_cache_path", tensorRtEngineCache.toString());
                    }
                    options.addTensorrt(trt);
                }
            }
            // CUDA also backs TensorRT: nodes TensorRT rejects go to CUDA before the CPU
            try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(deviceId)) {
                if (gpuMemoryLimit > 0) {
                    cuda.add("gpu_mem_limit", Long.toString(gpuMemoryLimit));
                }
                if (cudnnConvAlgoSearch != null) {
                    cuda.add("cudnn_conv_algo_search", cudnnConvAlgoSearch.ortValue());
                }
                options.addCUDA(cuda);
            }
            return Optional.empty();
        } catch (OrtException e) {
            return Optional.of(unavailable(modelDescription, "it failed to start on device " + deviceId + ": "
                    + e.getMessage(), e));
        }
    }

    /** @return the warning to record, when the CPU fallback is allowed */
    private String unavailable(String modelDescription, String why, Throwable cause) throws DeepfakeException {
        String what = "Execution provider " + provider + " was requested for " + modelDescription + " but " + why;
        if (!allowCpuFallback) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, what + ". Build with the Maven profile 'gpu'"
                    + " (-Pgpu, artifact onnxruntime_gpu) on a machine with an NVIDIA driver and CUDA, or set"
                    + " allowCpuFallback(true) to run on the CPU instead", cause);
        }
        String warning = what + "; running on the CPU because allowCpuFallback(true) was set";
        LOG.warn("{}", warning);
        return warning;
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
        private OrtLoggingLevel logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING;
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
        public Builder sessionLogLevel(OrtLoggingLevel level) {
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
