/**
 * ONNX Runtime inference. {@link dev.deepfake4j.models.onnx.OnnxClassifier} runs any ONNX classifier described by a
 * manifest: one session per model shared by all threads, crops batched and normalised in one pass (one packer for
 * both layouts and both element types) into per-thread direct buffers that ONNX Runtime reads without copying, and
 * the output decoded into probabilities of fake as the manifest says; closing it frees the session and every
 * thread's buffers. {@link dev.deepfake4j.models.onnx.OnnxSessionOptions} chooses threads, graph optimisation, log
 * level and the execution provider (CPU by default; CUDA or TensorRT only when asked for, and never swapped for the
 * CPU without the caller's consent) in this library's own types; the ONNX Runtime types stay inside this package.
 * ONNX Runtime allows one environment per process; every session here is created in it.
 */
package dev.deepfake4j.models.onnx;
