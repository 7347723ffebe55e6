package dev.deepfake4j.models.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions as {@link OnnxSessionOptions} say: the one place in this package that turns the
 * library's options into ONNX Runtime's, so that no ONNX Runtime type appears in the public API. Stateless and
 * thread-safe. ONNX Runtime allows one environment per process; every session is created in it.
 */
final class OnnxSessions {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);

    private OnnxSessions() {
    }

    /**
     * A session together with the execution provider it actually runs on.
     *
     * @param session the open session, owned by the caller
     * @param provider where it runs: the one asked for, or {@link ExecutionProvider#CPU} after a permitted fallback
     * @param fallbackWarning why the CPU replaced the provider asked for; empty when it did not
     */
    record Opened(OrtSession session, ExecutionProvider provider, Optional<String> fallbackWarning) {
        Opened {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(fallbackWarning, "fallbackWarning");
        }
    }

    /** @return the process-wide ONNX Runtime environment */
    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** @return the providers of {@link ExecutionProvider} that the ONNX Runtime build on the classpath has */
    static Set<ExecutionProvider> availableProviders() {
        EnumSet<OrtProvider> ort = OrtEnvironment.getAvailableProviders();
        EnumSet<ExecutionProvider> ours = EnumSet.noneOf(ExecutionProvider.class);
        for (ExecutionProvider p : ExecutionProvider.values()) {
            if (ort.contains(p.ortProvider())) {
                ours.add(p);
            }
        }
        return ours;
    }

    /**
     * Opens a session on a model file. The caller owns the session and closes it; it may be shared by any number
     * of threads.
     *
     * @param options how to open it
     * @param model an ONNX file
     * @return the open session with its actual provider
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} when the file does not exist,
     *         {@link ErrorCode#MODEL_INVALID} when ONNX Runtime cannot load it, {@link ErrorCode#BACKEND_FAILURE}
     *         when the execution provider is not available (see {@link OnnxSessionOptions})
     */
    static Opened open(OnnxSessionOptions options, Path model) throws DeepfakeException {
        Objects.requireNonNull(model, "model");
        if (!Files.isRegularFile(model)) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "Model file " + model + " does not exist"
                    + (Files.isDirectory(model) ? " (it is a directory)" : "") + "; check the path", model, null);
        }
        Prepared prepared = prepare(options, model.toString());
        try (OrtSession.SessionOptions ort = prepared.options) {
            return new Opened(environment().createSession(model.toString(), ort), prepared.provider,
                    prepared.fallbackWarning);
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "ONNX Runtime cannot load model " + model + ": "
                    + e.getMessage() + "; is it a complete ONNX file?", model, e);
        }
    }

    /**
     * Opens a session on a model held in memory. The caller owns the session and closes it.
     *
     * @param options how to open it
     * @param model the bytes of an ONNX file
     * @param description what to call the model in messages, e.g. its name
     * @return the open session with its actual provider
     * @throws DeepfakeException {@link ErrorCode#MODEL_INVALID} when ONNX Runtime cannot load the bytes,
     *         {@link ErrorCode#BACKEND_FAILURE} when the execution provider is not available
     */
    static Opened open(OnnxSessionOptions options, byte[] model, String description) throws DeepfakeException {
        Objects.requireNonNull(model, "model");
        Prepared prepared = prepare(options, description);
        try (OrtSession.SessionOptions ort = prepared.options) {
            return new Opened(environment().createSession(model, ort), prepared.provider, prepared.fallbackWarning);
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "ONNX Runtime cannot load model " + description
                    + " (" + model.length + " bytes): " + e.getMessage(), e);
        }
    }

    /** Native options, the provider they really carry, and the warning when that is a fallback. */
    private record Prepared(OrtSession.SessionOptions options, ExecutionProvider provider,
            Optional<String> fallbackWarning) {
    }

    private static Prepared prepare(OnnxSessionOptions o, String modelDescription) throws DeepfakeException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            if (o.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(o.intraOpThreads());
            }
            if (o.interOpThreads() > 0) {
                options.setInterOpNumThreads(o.interOpThreads());
            }
            // ONNX Runtime's idle threads spin by default; beside FFmpeg and OpenCV on a few cores they burn the CPU
            // the decoder needs
            options.addConfigEntry("session.intra_op.allow_spinning", o.allowSpinning() ? "1" : "0");
            options.setOptimizationLevel(o.graphOptimization().ortLevel());
            options.setSessionLogLevel(o.sessionLogLevel().ortLevel());
            Optional<String> fallback = addProvider(o, options, modelDescription);
            return new Prepared(options, fallback.isPresent() ? ExecutionProvider.CPU : o.executionProvider(),
                    fallback);
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
    private static Optional<String> addProvider(OnnxSessionOptions o, OrtSession.SessionOptions options,
            String modelDescription) throws DeepfakeException {
        ExecutionProvider provider = o.executionProvider();
        if (provider == ExecutionProvider.CPU) {
            return Optional.empty();
        }
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(provider.ortProvider())) {
            return Optional.of(unavailable(o, modelDescription, "this ONNX Runtime build has only " + available,
                    null));
        }
        try {
            if (provider == ExecutionProvider.TENSOR_RT) {
                try (OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(o.deviceId())) {
                    if (o.tensorRtFp16()) {
                        trt.add("trt_fp16_enable", "1");
                    }
                    if (o.tensorRtEngineCache().isPresent()) {
                        trt.add("trt_engine_cache_enable", "1");
                        trt.add("trt_engine_cache_path", o.tensorRtEngineCache().get().toString());
                    }
                    options.addTensorrt(trt);
                }
            }
            // CUDA also backs TensorRT: nodes TensorRT rejects go to CUDA before the CPU
            try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(o.deviceId())) {
                if (o.gpuMemoryLimit() > 0) {
                    cuda.add("gpu_mem_limit", Long.toString(o.gpuMemoryLimit()));
                }
                if (o.cudnnConvAlgoSearch().isPresent()) {
                    cuda.add("cudnn_conv_algo_search", o.cudnnConvAlgoSearch().get().ortValue());
                }
                options.addCUDA(cuda);
            }
            return Optional.empty();
        } catch (OrtException e) {
            return Optional.of(unavailable(o, modelDescription, "it failed to start on device " + o.deviceId()
                    + ": " + e.getMessage(), e));
        }
    }

    /** @return the warning to record, when the CPU fallback is allowed */
    private static String unavailable(OnnxSessionOptions o, String modelDescription, String why, Throwable cause)
            throws DeepfakeException {
        String what = "Execution provider " + o.executionProvider() + " was requested for " + modelDescription
                + " but " + why;
        if (!o.allowCpuFallback()) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, what + ". Build with the Maven profile 'gpu'"
                    + " (-Pgpu, artifact onnxruntime_gpu) on a machine with an NVIDIA driver and CUDA, or set"
                    + " allowCpuFallback(true) to run on the CPU instead", cause);
        }
        String warning = what + "; running on the CPU because allowCpuFallback(true) was set";
        LOG.warn("{}", warning);
        return warning;
    }
}
