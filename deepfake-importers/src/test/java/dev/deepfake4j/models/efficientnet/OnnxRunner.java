package dev.deepfake4j.models.efficientnet;

import dev.deepfake4j.models.registry.DfdcWinnerRelease;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an ONNX classifier with input {@code input} once, closing what it opens: the output {@code logit} [n, 1] of
 * a 380-pixel model, or every output of a model of any square size.
 */
final class OnnxRunner {
    private OnnxRunner() {
    }

    static float[] logits(byte[] model, float[] batch, int n) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, options)) {
                return run(env, session, batch, n);
            }
        }
    }

    static float[] logits(String modelPath, float[] batch, int n) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(modelPath, options)) {
                return run(env, session, batch, n);
            }
        }
    }

    private static float[] run(OrtEnvironment env, OrtSession session, float[] batch, int n) throws OrtException {
        int size = DfdcCrops.SIZE;
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), new long[] {n, 3, size, size});
                OrtSession.Result result = session.run(Map.of(DfdcWinnerRelease.INPUT_NAME, input))) {
            float[][] out = (float[][]) result.get(DfdcWinnerRelease.OUTPUT_NAME).orElseThrow().getValue();
            float[] logits = new float[n];
            for (int i = 0; i < n; i++) {
                logits[i] = out[i][0];
            }
            return logits;
        }
    }

    /**
     * Runs a model on a square NCHW batch and returns every output flattened, by name.
     *
     * @param size the side of the input in pixels
     */
    static Map<String, float[]> outputs(byte[] model, float[] batch, int n, int size) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch),
                            new long[] {n, 3, size, size});
                    OrtSession.Result result = session.run(Map.of(DfdcWinnerRelease.INPUT_NAME, input))) {
                Map<String, float[]> out = new LinkedHashMap<>();
                for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                    FloatBuffer values = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    float[] flat = new float[values.remaining()];
                    values.get(flat);
                    out.put(e.getKey(), flat);
                }
                return out;
            }
        }
    }
}
