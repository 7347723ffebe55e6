package dev.deepfake4j.models.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
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
 * logged and the session runs on the CPU. The provider is never switched silently.
 */
public final class OnnxSessionOptions {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessionOptions.class);
    private static final OnnxSessionOptions DEFAULTS = builder().build();

    private final int intraOpThreads;
    private final int interOpThreads;
    private final GraphOptimization optimization;
    private final ExecutionProvider provider;
    private final int deviceId;
    private final boolean allowCpuFallback;
    private final OrtLoggingLevel logLevel;

    private OnnxSessionOptions(Builder b) {
        this.intraOpThreads = b.intraOpThreads;
        this.interOpThreads = b.interOpThreads;
        this.optimization = b.optimization;
        this.provider = b.provider;
        this.deviceId = b.deviceId;
        this.allowCpuFallback = b.allowCpuFallback;
        this.logLevel = b.logLevel;
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
        b.interOpThreads = interOpThreads;
        b.optimization = optimization;
        b.provider = provider;
        b.deviceId = deviceId;
        b.allowCpuFallback = allowCpuFallback;
        b.logLevel = logLevel;
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
        Objects.requireNonNull(model, "model");
        if (!Files.isRegularFile(model)) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "Model file " + model + " does not exist"
                    + (Files.isDirectory(model) ? " (it is a directory)" : "") + "; check the path", model, null);
        }
        try (OrtSession.SessionOptions options = toOrt(model.toString())) {
            return environment().createSession(model.toString(), options);
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
        Objects.requireNonNull(model, "model");
        try (OrtSession.SessionOptions options = toOrt(description)) {
            return environment().createSession(model, options);
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
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                options.setInterOpNumThreads(interOpThreads);
            }
            options.setOptimizationLevel(optimization.ortLevel());
            options.setSessionLogLevel(logLevel);
            addProvider(options, modelDescription);
            return options;
        } catch (OrtException e) {
            options.close();
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, "Cannot configure ONNX Runtime for "
                    + modelDescription + ": " + e.getMessage(), e);
        } catch (DeepfakeException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private void addProvider(OrtSession.SessionOptions options, String modelDescription) throws DeepfakeException {
        if (provider == ExecutionProvider.CPU) {
            return;
        }
        EnumSet<OrtProvider> available = availableProviders();
        if (!available.contains(provider.ortProvider())) {
            unavailable(modelDescription, "this ONNX Runtime build has only " + available, null);
            return;
        }
        try {
            if (provider == ExecutionProvider.TENSOR_RT) {
                options.addTensorrt(deviceId);
            }
            // CUDA also backs TensorRT: nodes TensorRT rejects go to CUDA before the CPU
            options.addCUDA(deviceId);
        } catch (OrtException e) {
            unavailable(modelDescription, "it failed to start on device " + deviceId + ": " + e.getMessage(), e);
        }
    }

    private void unavailable(String modelDescription, String why, Throwable cause) throws DeepfakeException {
        String what = "Execution provider " + provider + " was requested for " + modelDescription + " but " + why;
        if (!allowCpuFallback) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, what + ". Build with the Maven profile 'gpu'"
                    + " (-Pgpu, artifact onnxruntime_gpu) on a machine with an NVIDIA driver and CUDA, or set"
                    + " allowCpuFallback(true) to run on the CPU instead", cause);
        }
        LOG.warn("{}; running on the CPU because allowCpuFallback(true) was set", what);
    }

    @Override
    public String toString() {
        return "OnnxSessionOptions[provider=" + provider + (allowCpuFallback ? " (CPU fallback allowed)" : "")
                + ", device=" + deviceId + ", intraOp=" + intraOpThreads + ", interOp=" + interOpThreads
                + ", optimization=" + optimization + ", log=" + logLevel + "]";
    }

    /** Builds {@link OnnxSessionOptions}; each setter checks its argument. Not thread-safe; reusable. */
    public static final class Builder {
        private int intraOpThreads;
        private int interOpThreads;
        private GraphOptimization optimization = GraphOptimization.ALL;
        private ExecutionProvider provider = ExecutionProvider.CPU;
        private int deviceId;
        private boolean allowCpuFallback;
        private OrtLoggingLevel logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING;

        private Builder() {
        }

        /** @param threads threads inside one operator, 1 or more; 0 restores ONNX Runtime's default @return this */
        public Builder intraOpThreads(int threads) {
            checkArgument(threads >= 0, "intra-op threads must be 0 (default) or more: %s", threads);
            this.intraOpThreads = threads;
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

        /** @return the options; the builder stays usable */
        public OnnxSessionOptions build() {
            return new OnnxSessionOptions(this);
        }
    }
}
