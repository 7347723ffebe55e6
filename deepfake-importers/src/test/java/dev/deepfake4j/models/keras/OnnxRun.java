package dev.deepfake4j.models.keras;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs a MesoNet ONNX model once on a batch with ONNX Runtime, closing everything it opens. */
final class OnnxRun {
    private OnnxRun() {
    }

    /**
     * @param model serialised ONNX model
     * @param batch float32 [n, 3, 256, 256]
     * @param n batch size
     * @return prob_real for each crop
     */
    static float[] probReal(byte[] model, float[] batch, int n) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int size = MesoNetImporter.INPUT_SIZE;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch),
                            new long[] {n, 3, size, size});
                    OrtSession.Result result = session.run(Map.of(MesoNetImporter.INPUT_NAME, input))) {
                float[][] out = (float[][]) result.get(MesoNetImporter.OUTPUT_NAME).orElseThrow().getValue();
                float[] probs = new float[n];
                for (int i = 0; i < n; i++) {
                    probs[i] = out[i][0];
                }
                return probs;
            }
        }
    }
}
