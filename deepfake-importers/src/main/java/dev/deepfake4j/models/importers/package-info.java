/**
 * The module's contribution to the model registry: {@link dev.deepfake4j.models.importers.BuiltInImporters},
 * registered through {@link java.util.ServiceLoader} so that the registry ({@code deepfake-onnx}) needs no import
 * code of its own.
 */
package dev.deepfake4j.models.importers;
