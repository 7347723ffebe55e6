/**
 * Model manifests: the JSON contract ({@code <model>.json} beside every ONNX model, or built in code) that says what
 * a model does, how its input tensor is laid out and normalised, and how to turn its output into a probability of
 * fake. {@link dev.deepfake4j.models.manifest.ModelManifest} holds the core
 * {@link dev.deepfake4j.classify.InputSpec} that face cropping follows, an
 * {@link dev.deepfake4j.models.manifest.OutputSpec} and a {@link dev.deepfake4j.models.manifest.Provenance}. It is
 * parsed strictly — a wrong or misspelt field is a {@code MODEL_INVALID} error naming the file and the field — and
 * carries a format version ({@code "format"}, absent meaning 1) so that the format can grow: a newer manifest whose
 * fields are all known loads, one with fields this library does not know is an error naming both versions.
 */
package dev.deepfake4j.models.manifest;
