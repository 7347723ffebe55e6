/**
 * Model manifests: the JSON contract ({@code <model>.json} beside every ONNX model, or built in code) that says what
 * a model does, how its input tensor is laid out and normalised, and how to turn its output into a probability of
 * fake. {@link dev.deepfake4j.models.manifest.ModelManifest} parses it strictly — a wrong or misspelt field is a
 * {@code MODEL_INVALID} error naming the file and the field — and turns it into the core
 * {@link dev.deepfake4j.classify.InputSpec} that face cropping follows.
 */
package dev.deepfake4j.models.manifest;
