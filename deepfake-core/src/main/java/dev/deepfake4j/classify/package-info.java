/**
 * Classifiers: {@link dev.deepfake4j.classify.Classifier} scores face crops as probabilities of fake and
 * declares the {@link dev.deepfake4j.classify.InputSpec} its crops must follow (size, layout, colour order,
 * resize, normalisation). ONNX Runtime implementations live in {@code deepfake-models}.
 */
package dev.deepfake4j.classify;
