package dev.deepfake4j.models.registry;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.onnx.OnnxClassifier;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Named models and how to get them. {@link #resolve(String, DownloadProgress)} looks, in this order (DESIGN.md):
 * <ol>
 *   <li>an explicit path: an existing file, opened with the manifest beside it;</li>
 *   <li>a bundled copy: the class-path resource {@code dev/deepfake4j/models/bundled/<fileName>} (the artifact
 *       {@code dev.deepfake4j:deepfake-default-models}, which {@code deepfake-models} brings, holds the two default
 *       models, {@code yunet-s} and {@code mesonet4-df}). Looked up for pinned entries only. ONNX Runtime, OpenCV and
 *       the importers read files, so on first use it is copied into the cache the way a download is stored (a
 *       {@code .part} file under the cache's lock, size and SHA-256 checked, atomic rename) and the cached copy is
 *       used from then on, in this and later processes; {@link ResolvedModel#origin()} is
 *       {@link ModelOrigin#BUNDLED} either way. Works offline, without a mirror, on an empty cache;</li>
 *   <li>the cache ({@link RegistryConfig#cacheDir()}), file name as in the entry;</li>
 *   <li>the mirror folder ({@link RegistryConfig#mirror()}), searched recursively by file name and used in place;</li>
 *   <li>an HTTPS download into the cache: a partial file in the cache folder, retried with backoff and resumed by
 *       HTTP range after a dropped connection, its size and SHA-256 checked before an atomic rename gives it its
 *       name, so a partial or wrong file is never used.</li>
 * </ol>
 * Offline ({@link RegistryConfig#offline()}), step 5 is an error naming the file and the folder to put it in. A
 * bundled, cached or mirrored file with the wrong SHA-256 is {@link ErrorCode#CHECKSUM_MISMATCH} (naming the
 * resource or file), never silently replaced. Models without a bundled copy resolve exactly as before: cache,
 * mirror, download.
 *
 * <p>Entries whose file is not ONNX name an importer ({@link ModelImporters}); its output is written once to
 * {@code <cache>/<name>.onnx} (beside the source when the source is in the cache; the mirror is treated as
 * read-only) and reused afterwards. {@linkplain #presets() Presets} name groups of entries that belong together,
 * with the rule that combines their scores.
 *
 * <p>Thread-safe, and safe across processes sharing a cache: concurrent requests for the same file, from threads
 * or from other JVMs, wait for one fetch ({@code <file>.lock} beside it) and then use its result. Instances hold no
 * native resources.
 */
public final class ModelRegistry {
    private final RegistryConfig config;
    private final ModelCatalogue catalogue;
    private final ModelCache cache;
    private final ModelBundle bundle;
    private final ModelMirror mirror;
    private final ModelDownloader downloader;
    private final ImportStep importStep;

    private ModelRegistry(Builder b) {
        this.config = b.config != null ? b.config : RegistryConfig.fromEnvironment();
        this.catalogue = new ModelCatalogue(b.entries, b.presets);
        this.cache = new ModelCache(config.cacheDir());
        this.bundle = new ModelBundle(b.bundleLoader);
        this.mirror = new ModelMirror(config.mirror());
        this.downloader = new ModelDownloader(config);
        this.importStep = new ImportStep(b.importers, cache);
    }

    /**
     * @return a registry of the built-in models ({@link #builtInEntries()}) and presets, configured from the
     *         environment, with the {@linkplain ModelImporters#shared() shared importers}
     */
    public static ModelRegistry defaults() {
        return builder().addBuiltInEntries().build();
    }

    /** @return an empty builder: environment configuration, shared importers, no entries */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the models deepfake4j knows by name: {@code yunet-s}, {@code ultraface-rfb-320},
     *         {@code blazeface-front}, {@code blazeface-back} (face detectors), {@code mesonet4-df},
     *         {@code mesonet4-f2f}, {@code mesoinception4-df}, {@code mesoinception4-f2f} (classifiers imported from
     *         the authors' Keras weights) and the DFDC winner's seven {@code dfdc-b7-*} checkpoints
     */
    public static List<RegistryEntry> builtInEntries() {
        return BuiltInModels.all();
    }

    /** @return the presets deepfake4j knows by name: {@code dfdc-winner} */
    public static List<RegistryPreset> builtInPresets() {
        return BuiltInModels.presets();
    }

    /** @return the configuration in use */
    public RegistryConfig config() {
        return config;
    }

    /** @return every entry, in the order added */
    public List<RegistryEntry> entries() {
        return catalogue.entries();
    }

    /**
     * @param name a registry name
     * @return the entry, if there is one
     */
    public Optional<RegistryEntry> find(String name) {
        return catalogue.findEntry(name);
    }

    /**
     * @param name a registry name
     * @return the entry
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} listing the known names
     */
    public RegistryEntry entry(String name) throws DeepfakeException {
        return catalogue.entry(name);
    }

    /** @return every preset, in the order added; each names only entries of this registry */
    public List<RegistryPreset> presets() {
        return catalogue.presets();
    }

    /**
     * @param name a preset name, e.g. {@code dfdc-winner}
     * @return the preset
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} listing the known presets
     */
    public RegistryPreset preset(String name) throws DeepfakeException {
        return catalogue.preset(name);
    }

    /**
     * @param name a preset name
     * @return the preset, if there is one
     */
    public Optional<RegistryPreset> findPreset(String name) {
        return catalogue.findPreset(name);
    }

    /**
     * Resolves without progress reports; see {@link #resolve(String, DownloadProgress)}.
     *
     * @param nameOrPath a registry name or the path of an ONNX file with its manifest beside it
     * @return the model, ready to open
     * @throws DeepfakeException as {@link #resolve(String, DownloadProgress)}
     */
    public ResolvedModel resolve(String nameOrPath) throws DeepfakeException {
        return resolve(nameOrPath, DownloadProgress.NONE);
    }

    /**
     * Finds a model by path or name, downloading (and importing) it when needed; blocks until done, also while
     * another process fetches the same file.
     *
     * @param nameOrPath an existing ONNX file (its manifest beside it), or a registry name
     * @param progress told how a download advances, on this thread
     * @return the ONNX file, its manifest and where it was found
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} for an unknown name or, offline, a file neither
     *         bundled nor in cache or mirror; {@link ErrorCode#CHECKSUM_MISMATCH} for a bundled, cached, mirrored or
     *         downloaded file with the wrong SHA-256; {@link ErrorCode#IO_FAILURE} when a download fails or stalls on every attempt;
     *         {@link ErrorCode#MISSING_COMPONENT} when the entry's importer is not registered;
     *         {@link ErrorCode#CANCELLED} when the thread is interrupted
     */
    public ResolvedModel resolve(String nameOrPath, DownloadProgress progress) throws DeepfakeException {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        Objects.requireNonNull(progress, "progress");
        Path asPath = asExistingFile(nameOrPath);
        if (asPath != null) {
            return new ResolvedModel(asPath.getFileName().toString(), asPath, ModelManifest.besideModel(asPath),
                    ModelOrigin.PATH, asPath);
        }
        Optional<RegistryEntry> entry = catalogue.findEntry(nameOrPath);
        if (entry.isEmpty()) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "'" + nameOrPath + "' is neither an existing"
                    + " model file nor a registry name; known models: " + catalogue.entryNames());
        }
        return resolve(entry.get(), progress);
    }

    /**
     * Resolves an entry (of this registry or not): bundled copy, cache, mirror, download, then import when the entry
     * has an importer.
     *
     * @param entry the entry
     * @param progress told how a download advances, on this thread
     * @return the ONNX file, its manifest and where the source was found
     * @throws DeepfakeException as {@link #resolve(String, DownloadProgress)}
     */
    public ResolvedModel resolve(RegistryEntry entry, DownloadProgress progress) throws DeepfakeException {
        Fetched fetched = fetch(entry, progress);
        Path model = entry.importerId().isPresent() ? importStep.onnxOf(entry, fetched.file) : fetched.file;
        return new ResolvedModel(entry.name(), model, entry.manifest(), fetched.origin, fetched.file);
    }

    /**
     * Resolves a classifier and opens it.
     *
     * @param nameOrPath a registry name or an ONNX file with its manifest beside it
     * @param options session options
     * @return the classifier, owned by the caller
     * @throws DeepfakeException as {@link #resolve(String, DownloadProgress)} and
     *         {@link dev.deepfake4j.models.onnx.OnnxClassifierBuilder#open(Path)} (a face-detector entry is {@link ErrorCode#MODEL_INVALID})
     */
    public OnnxClassifier openClassifier(String nameOrPath, OnnxSessionOptions options) throws DeepfakeException {
        ResolvedModel m = resolve(nameOrPath);
        return OnnxClassifier.builder(m.manifest()).sessionOptions(options).name(m.name()).open(m.model());
    }

    /**
     * Checks every entry's cached file against its SHA-256; touches neither mirror nor network.
     *
     * @return one result per entry, in entry order
     * @throws DeepfakeException {@link ErrorCode#NOT_READABLE} when a cached file cannot be read
     */
    public List<VerificationResult> verify() throws DeepfakeException {
        return cache.verify(entries());
    }

    private record Fetched(Path file, ModelOrigin origin) {
    }

    private Fetched fetch(RegistryEntry entry, DownloadProgress progress) throws DeepfakeException {
        Optional<URL> bundled = bundle.find(entry);
        if (bundled.isPresent()) {
            // the cached copy of a bundled file (made now or by an earlier use) is the bundled model
            Fetched copied = storeOnce(entry, ModelOrigin.BUNDLED, part -> bundle.copy(entry, bundled.get(), part));
            return new Fetched(copied.file, ModelOrigin.BUNDLED);
        }
        Optional<Path> cached = cache.findVerified(entry);
        if (cached.isPresent()) {
            return new Fetched(cached.get(), ModelOrigin.CACHE);
        }
        Optional<Path> mirrored = mirror.find(entry.fileName());
        if (mirrored.isPresent()) {
            // an unpinned entry's mirror copy is the user's own file: trusted as it is
            if (entry.isPinned()) {
                cache.checkSum(entry, mirrored.get(), "mirrored", entry.sha256());
            }
            return new Fetched(mirrored.get(), ModelOrigin.MIRROR);
        }
        if (config.offline()) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "Model file " + entry.fileName() + " ('"
                    + entry.name() + "') is not in the cache " + config.cacheDir()
                    + config.mirror().map(m -> " or the mirror " + m).orElse("") + ", and "
                    + RegistryConfig.OFFLINE_ENV + " forbids downloading it; put " + entry.fileName() + " into "
                    + config.cacheDir() + " (it is at " + entry.url()
                    + (entry.isPinned() ? ", sha256 " + entry.sha256() : "") + ")");
        }
        return storeOnce(entry, ModelOrigin.DOWNLOAD, part -> downloader.download(entry, part, progress));
    }

    /** Writes a complete file to a partial file in the cache and returns its SHA-256. */
    @FunctionalInterface
    private interface PartWriter {
        String write(Path part) throws DeepfakeException;
    }

    /**
     * Stores the entry's file in the cache once, under the cache's lock: when another thread or process stored it
     * while this one waited, that copy (verified) is the result, with origin {@link ModelOrigin#CACHE}; otherwise
     * {@code writer} fills the partial file, which is verified and renamed into place (origin {@code written}).
     */
    private Fetched storeOnce(RegistryEntry entry, ModelOrigin written, PartWriter writer) throws DeepfakeException {
        Optional<Path> cached = cache.findVerified(entry);
        if (cached.isPresent()) {
            return new Fetched(cached.get(), ModelOrigin.CACHE);
        }
        Path target = cache.fileOf(entry);
        try (CacheLock lock = cache.lock(target)) {
            // another thread or process may have stored it while this one waited for the lock
            cached = cache.findVerified(entry);
            if (cached.isPresent()) {
                return new Fetched(cached.get(), ModelOrigin.CACHE);
            }
            Path part = ModelCache.partOf(target);
            boolean stored = false;
            try {
                String sha256 = writer.write(part);
                cache.store(entry, part, target, sha256);
                stored = true;
            } finally {
                if (!stored) {
                    ModelCache.deleteQuietly(part);
                }
            }
            return new Fetched(target, written);
        }
    }

    private static Path asExistingFile(String nameOrPath) {
        try {
            Path p = Path.of(nameOrPath);
            return Files.isRegularFile(p) ? p.toAbsolutePath() : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** @return the SHA-256 of a file, lower-case hex (as entries pin it) */
    static String sha256(Path file) throws DeepfakeException {
        return FileHashes.sha256(file);
    }

    @Override
    public String toString() {
        return "ModelRegistry[" + catalogue + ", " + config + "]";
    }

    /** Builds a {@link ModelRegistry}. Not thread-safe; reusable. */
    public static final class Builder {
        private RegistryConfig config;
        private final Map<String, RegistryEntry> entries = new LinkedHashMap<>();
        private final Map<String, RegistryPreset> presets = new LinkedHashMap<>();
        private ModelImporters importers = ModelImporters.shared();
        private ClassLoader bundleLoader = ModelRegistry.class.getClassLoader();

        private Builder() {
        }

        /**
         * @param loader where bundled models ({@code dev/deepfake4j/models/bundled/<fileName>}) are looked up
         *        (default: the class loader that loaded {@code ModelRegistry})
         * @return this
         */
        public Builder bundledModelsFrom(ClassLoader loader) {
            this.bundleLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** @return this, without the bundled step: models come from the cache, the mirror or a download only */
        public Builder withoutBundledModels() {
            this.bundleLoader = null;
            return this;
        }

        /** @param config where models live (default {@link RegistryConfig#fromEnvironment()}) @return this */
        public Builder config(RegistryConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** @param importers importers for non-ONNX entries (default {@link ModelImporters#shared()}) @return this */
        public Builder importers(ModelImporters importers) {
            this.importers = Objects.requireNonNull(importers, "importers");
            return this;
        }

        /**
         * @param entry an entry; its name must be new
         * @return this
         * @throws IllegalArgumentException when an entry of that name was already added
         */
        public Builder addEntry(RegistryEntry entry) {
            Objects.requireNonNull(entry, "entry");
            checkArgument(!entries.containsKey(entry.name()), "registry already has an entry named %s: %s",
                    entry.name(), entries.get(entry.name()));
            entries.put(entry.name(), entry);
            return this;
        }

        /**
         * @param preset a preset; its name must be new, and its members must be entries by {@link #build()}
         * @return this
         * @throws IllegalArgumentException when a preset of that name was already added
         */
        public Builder addPreset(RegistryPreset preset) {
            Objects.requireNonNull(preset, "preset");
            checkArgument(!presets.containsKey(preset.name()), "registry already has a preset named %s: %s",
                    preset.name(), presets.get(preset.name()));
            presets.put(preset.name(), preset);
            return this;
        }

        /** @return this, with {@link ModelRegistry#builtInEntries()} and {@link ModelRegistry#builtInPresets()} added */
        public Builder addBuiltInEntries() {
            for (RegistryEntry e : BuiltInModels.all()) {
                addEntry(e);
            }
            for (RegistryPreset p : BuiltInModels.presets()) {
                addPreset(p);
            }
            return this;
        }

        /**
         * @return the registry; the builder stays usable
         * @throws IllegalArgumentException when a preset names an entry that was not added, or shares an entry's name
         */
        public ModelRegistry build() {
            return new ModelRegistry(this);
        }
    }
}
