package dev.deepfake4j.models.onnx;

/**
 * How the CUDA execution provider picks cuDNN convolution algorithms (ONNX Runtime's {@code cudnn_conv_algo_search}).
 * The choice is made once per input shape, so with fixed batch sizes {@link #EXHAUSTIVE} pays off after the first
 * batch.
 */
public enum CudnnConvAlgoSearch {
    /** Benchmark every algorithm on first use and keep the fastest (ONNX Runtime's default). */
    EXHAUSTIVE("EXHAUSTIVE"),
    /** Let cuDNN's heuristics choose without measuring: faster start, sometimes slower runs. */
    HEURISTIC("HEURISTIC"),
    /** Always cuDNN's default algorithm: no search at all. */
    DEFAULT("DEFAULT");

    private final String ortValue;

    CudnnConvAlgoSearch(String ortValue) {
        this.ortValue = ortValue;
    }

    /** @return the value ONNX Runtime's CUDA provider option takes */
    public String ortValue() {
        return ortValue;
    }
}
