/**
 * The model registry: named models ({@link dev.deepfake4j.models.registry.RegistryEntry}: URL, size, SHA-256,
 * licence, manifest) and how {@link dev.deepfake4j.models.registry.ModelRegistry} gets them — explicit path, then
 * the cache ({@code $DEEPFAKE4J_HOME/models}), then the mirror ({@code $DEEPFAKE4J_MODEL_MIRROR}), then a verified
 * HTTPS download; {@code DEEPFAKE4J_OFFLINE=1} never touches the network. Models published in another format
 * (MesoNet's Keras weights) are turned into ONNX once by a {@link dev.deepfake4j.models.registry.ModelImporter}.
 * {@link dev.deepfake4j.models.registry.RegistryConfig} carries the environment so tests can inject it.
 */
package dev.deepfake4j.models.registry;
