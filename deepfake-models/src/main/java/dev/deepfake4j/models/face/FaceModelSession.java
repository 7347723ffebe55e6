package dev.deepfake4j.models.face;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One ONNX Runtime session of a face-detection model, shared by all threads (ONNX Runtime's {@code run} is
 * thread-safe), in the process-wide {@link OrtEnvironment}. Runs take a read lock and {@link #close()} the write
 * lock, so close waits for runs in flight and a run after close fails with a message saying so. Every tensor made
 * for a run is closed before the run returns.
 */
final class FaceModelSession implements AutoCloseable {
    private final Path model;
    private final String owner;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final Map<String, long[]> outputShapes;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private FaceModelSession(Path model, String owner, OrtSession session, String inputName, long[] inputShape,
            Map<String, long[]> outputShapes) {
        this.outputShapes = outputShapes;
        this.model = model;
        this.owner = owner;
        this.session = session;
        this.inputName = inputName;
        this.inputShape = inputShape;
    }

    /**
     * @param model the ONNX file
     * @param what the model's name for messages, e.g. "UltraFace"
     * @param inputName the image input the model must have
     * @param outputNames outputs the model must have
     */
    static FaceModelSession open(Path model, String what, String inputName, String... outputNames)
            throws DeepfakeException {
        Path file = requireFile(model, what);
        return open(file, what, options -> OrtEnvironment.getEnvironment().createSession(file.toString(), options),
                inputName, outputNames);
    }

    /**
     * Like {@link #open}, for a fully convolutional model whose file fixes one image size: the image input's height
     * and width and every output's non-batch dimensions are made free (see {@link FreeImageSize}), so {@link #run}
     * may pass any image size the network accepts. The session runs each call on the calling thread alone: callers
     * run one image per thread, several threads at once.
     */
    static FaceModelSession openWithFreeImageSize(Path model, String what, String inputName, String... outputNames)
            throws DeepfakeException {
        Path file = requireFile(model, what);
        byte[] relaxed;
        try {
            relaxed = FreeImageSize.of(Files.readAllBytes(file), inputName);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot read " + what + " model " + file + ": " + e,
                    file, e);
        } catch (IllegalArgumentException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, file + " is not a usable " + what + " model: "
                    + e.getMessage() + "; replace the file with an intact copy", file, e);
        }
        return open(file, what, options -> {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            // The image size changes from call to call (whole frames, boxes around faces): ONNX Runtime's memory
            // patterns are planned per input shape and pay only for a fixed one (7 alternating pairs on the 9
            // labelled clips: the locate stage 5 % faster, docs/benchmarks.md)
            options.setMemoryPatternOptimization(false);
            return OrtEnvironment.getEnvironment().createSession(relaxed, options);
        }, inputName, outputNames);
    }

    /** How a session is made from the options {@link #open} prepared. */
    @FunctionalInterface
    private interface SessionMaker {
        OrtSession make(OrtSession.SessionOptions options) throws OrtException;
    }

    private static Path requireFile(Path model, String what) throws DeepfakeException {
        Path file = model.toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, what + " model file not found: " + file
                    + "; download it (see the model registry) or pass the right path", file, null);
        }
        return file;
    }

    private static FaceModelSession open(Path file, String what, SessionMaker maker, String inputName,
            String... outputNames) throws DeepfakeException {
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // UltraFace lists its weights among the graph inputs; ONNX Runtime warns once per weight otherwise.
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            session = maker.make(options);
        } catch (OrtException e) {
            throw new DeepfakeException(ErrorCode.MODEL_INVALID, "ONNX Runtime cannot load " + what + " model "
                    + file + " (" + e.getMessage() + "); replace the file with an intact copy", file, e);
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            NodeInfo input = inputs.get(inputName);
            if (input == null || !(input.getInfo() instanceof TensorInfo tensor) || tensor.getShape().length != 4) {
                throw new DeepfakeException(ErrorCode.MODEL_INVALID, file + " is not a " + what
                        + " model: it has no 4-dimensional image input named '" + inputName + "' (inputs: "
                        + inputs.keySet() + ")", file, null);
            }
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            for (String name : outputNames) {
                if (!outputs.containsKey(name)) {
                    throw new DeepfakeException(ErrorCode.MODEL_INVALID, file + " is not a " + what
                            + " model: it has no output named '" + name + "' (outputs: " + outputs.keySet() + ")",
                            file, null);
                }
            }
            Map<String, long[]> outputShapes = new LinkedHashMap<>();
            for (Map.Entry<String, NodeInfo> output : outputs.entrySet()) {
                if (output.getValue().getInfo() instanceof TensorInfo info) {
                    outputShapes.put(output.getKey(), info.getShape());
                }
            }
            return new FaceModelSession(file, what, session, inputName, tensor.getShape(), outputShapes);
        } catch (OrtException | DeepfakeException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof DeepfakeException de) {
                throw de;
            }
            throw new DeepfakeException(ErrorCode.MODEL_INVALID,
                    "Cannot inspect " + what + " model " + file + ": " + e.getMessage(), file, e);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Already failing with a better message.
        }
    }

    /** @return the image input's shape, NCHW (batch may be -1 for a dynamic batch) */
    long[] inputShape() {
        return inputShape.clone();
    }

    /** @return each tensor output's name and shape, in the model's order (dynamic dimensions are -1) */
    Map<String, long[]> outputShapes() {
        return outputShapes;
    }

    /** @return the model file */
    Path model() {
        return model;
    }

    /**
     * Runs the model on one NCHW float image of the input's size and copies the named outputs into Java arrays.
     *
     * @param image {@code 1 x C x H x W} floats, direct and in native byte order
     * @param outputs the names of the outputs to return
     * @return output name to its value ({@code float[][][]} for 3-d outputs)
     */
    Map<String, Object> run(FloatBuffer image, String... outputs) throws DeepfakeException {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(owner + " locator for " + model + " is closed");
            }
            long[] shape = {1, inputShape[1], inputShape[2], inputShape[3]};
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, image, shape);
                    OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (String name : outputs) {
                    values.put(name, result.get(name).orElseThrow(
                            () -> new IllegalStateException("no output " + name)).getValue());
                }
                return values;
            } catch (OrtException | RuntimeException e) {
                throw new DeepfakeException(ErrorCode.BACKEND_FAILURE,
                        owner + " inference failed with model " + model + ": " + e.getMessage(), model, e);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs the model on one float image of the given shape (for a session {@link #openWithFreeImageSize opened with
     * a free image size}) and copies the named outputs, each flattened in row-major order, into buffers: one per
     * output, so a large grid of small rows costs no allocation per row.
     *
     * @param image the image's floats, direct and in native byte order; read in place
     * @param shape the image's shape, {@code 1 x C x H x W}
     * @param outputs the names of the float outputs to return
     * @return output name to its values, each buffer positioned at 0
     */
    Map<String, FloatBuffer> runFlat(FloatBuffer image, long[] shape, String... outputs) throws DeepfakeException {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(owner + " locator for " + model + " is closed");
            }
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, image, shape);
                    OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                Map<String, FloatBuffer> values = new LinkedHashMap<>();
                for (String name : outputs) {
                    OnnxTensor output = (OnnxTensor) result.get(name).orElseThrow(
                            () -> new IllegalStateException("no output " + name));
                    FloatBuffer flat = output.getFloatBuffer();
                    if (flat == null) {
                        throw new IllegalStateException("output " + name + " is not a float tensor");
                    }
                    values.put(name, flat);
                }
                return values;
            } catch (OrtException | RuntimeException e) {
                throw new DeepfakeException(ErrorCode.BACKEND_FAILURE,
                        owner + " inference failed with model " + model + ": " + e.getMessage(), model, e);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Waits for runs in flight, then frees the session; idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(session);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
