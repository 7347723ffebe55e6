/**
 * Classifier benchmarks: MesoNet-4 (imported through the registry) and the random-weight EfficientNet-B0/B4 files
 * per batch size, on the CPU here and on CUDA/TensorRT in the GPU suite; and what our preprocessing adds to a bare
 * ONNX Runtime run. The EfficientNets' scores mean nothing; only their speed is measured.
 */
package dev.deepfake4j.benchmarks.classify;
