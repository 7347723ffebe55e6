/**
 * ONNX Runtime inference. {@link dev.deepfake4j.models.onnx.OnnxClassifier} runs any ONNX classifier described by a
 * manifest: one session per model shared by all threads, crops batched and normalised in one pass into per-thread
 * direct buffers that ONNX Runtime reads without copying. {@link dev.deepfake4j.models.onnx.OnnxSessionOptions}
 * chooses threads, graph optimisation and the execution provider (CPU by default; CUDA or TensorRT only when asked
 * for, and never swapped for the CPU without the caller's consent). ONNX Runtime allows one environment per process;
 * every session here is created in it.
 */
package dev.deepfake4j.models.onnx;
