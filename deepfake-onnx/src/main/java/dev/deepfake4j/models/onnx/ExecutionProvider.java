package dev.deepfake4j.models.onnx;

import ai.onnxruntime.OrtProvider;

/**
 * Where ONNX Runtime runs a model. {@link #CPU} is always there; {@link #CUDA} and {@link #TENSOR_RT} exist only in
 * the {@code onnxruntime_gpu} build, which the Maven profile {@code gpu} selects ({@code mvn -Pgpu ...}), and need
 * an NVIDIA driver and CUDA libraries at run time.
 */
public enum ExecutionProvider {
    /** ONNX Runtime's CPU kernels (the default). */
    CPU(OrtProvider.CPU),
    /** NVIDIA CUDA; the CPU provider still takes the operators CUDA lacks. */
    CUDA(OrtProvider.CUDA),
    /** NVIDIA TensorRT, with CUDA and then CPU taking what TensorRT does not support. */
    TENSOR_RT(OrtProvider.TENSOR_RT);

    private final OrtProvider ortProvider;

    ExecutionProvider(OrtProvider ortProvider) {
        this.ortProvider = ortProvider;
    }

    OrtProvider ortProvider() {
        return ortProvider;
    }
}
