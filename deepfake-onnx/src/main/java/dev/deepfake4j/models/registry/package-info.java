/**
 * The model registry: named models ({@link dev.deepfake4j.models.registry.RegistryEntry}: URL, size, SHA-256,
 * licence, manifest), presets that group entries with their ensemble rule
 * ({@link dev.deepfake4j.models.registry.RegistryPreset}, e.g. {@code dfdc-winner}), and how
 * {@link dev.deepfake4j.models.registry.ModelRegistry} gets them — explicit path, then the cache
 * ({@code $DEEPFAKE4J_HOME/models}), then the mirror ({@code $DEEPFAKE4J_MODEL_MIRROR}), then a verified HTTPS
 * download; {@code DEEPFAKE4J_OFFLINE=1} never touches the network. Models published in another format (MesoNet's
 * Keras weights, the DFDC winner's PyTorch checkpoints) are turned into ONNX once by a
 * {@link dev.deepfake4j.models.registry.ModelImporter}. {@link dev.deepfake4j.models.registry.RegistryConfig}
 * carries the environment so tests can inject it.
 *
 * <p>Inside, the facade delegates to one class per concern: {@code ModelCatalogue} (entries and presets by name),
 * {@code ModelCache} (atomic, fsynced writes, trust-on-first-use {@code .sha256} sidecars, verify) with
 * {@code CacheLock} (a cross-process {@code <file>.lock}), {@code ModelMirror}, {@code ModelDownloader} (retry with
 * backoff, HTTP range resume; one attempt is a {@code FileDownload}) and {@code ImportStep}.
 */
package dev.deepfake4j.models.registry;
