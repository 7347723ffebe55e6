/**
 * The module's contribution to the model registry: {@link dev.deepfake4j.models.importers.BuiltInImporters},
 * registered through {@link java.util.ServiceLoader} so that the registry ({@code deepfake-onnx}) needs no import
 * code of its own; and the one-call import of a detector checkpoint the user has,
 * {@link dev.deepfake4j.models.importers.FamilyImporter}, by {@link dev.deepfake4j.models.importers.ModelFamily}
 * ({@code deepfake4j models import}).
 */
package dev.deepfake4j.models.importers;
