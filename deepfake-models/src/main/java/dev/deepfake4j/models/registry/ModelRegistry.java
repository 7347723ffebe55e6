package dev.deepfake4j.models.registry;

import static com.google.common.base.Preconditions.checkArgument;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.onnx.OnnxClassifier;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named models and how to get them. {@link #resolve(String, DownloadProgress)} looks, in this order (DESIGN.md):
 * <ol>
 *   <li>an explicit path: an existing file, opened with the manifest beside it;</li>
 *   <li>the cache ({@link RegistryConfig#cacheDir()}), file name as in the entry;</li>
 *   <li>the mirror folder ({@link RegistryConfig#mirror()}), searched recursively by file name and used in place;</li>
 *   <li>an HTTPS download into the cache: a temporary file in the cache folder, its size and SHA-256 checked before
 *       an atomic rename gives it its name, so a partial or wrong file is never used.</li>
 * </ol>
 * Offline ({@link RegistryConfig#offline()}), step 4 is an error naming the file and the folder to put it in. A
 * cached or mirrored file with the wrong SHA-256 is {@link ErrorCode#CHECKSUM_MISMATCH}, never silently replaced.
 *
 * <p>Entries whose file is not ONNX name an importer ({@link ModelImporters}); its output is written once to
 * {@code <cache>/<name>.onnx} (beside the source when the source is in the cache; the mirror is treated as
 * read-only) and reused afterwards.
 *
 * <p>Thread-safe: concurrent requests for the same file wait for one fetch. Instances hold no native resources.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final RegistryConfig config;
    private final Map<String, RegistryEntry> entries;
    private final List<String> orderedNames;
    private final ModelImporters importers;
    private final Map<String, Object> fileLocks = new ConcurrentHashMap<>();
    /** Files whose checksum was verified, by size and modification time, so repeated resolves do not re-hash. */
    private final Map<Path, String> verified = new ConcurrentHashMap<>();
    private volatile HttpClient http;

    private ModelRegistry(Builder b) {
        this.config = b.config != null ? b.config : RegistryConfig.fromEnvironment();
        this.entries = Map.copyOf(b.entries);
        this.importers = b.importers;
        this.orderedNames = List.copyOf(b.entries.keySet());
    }

    /**
     * @return a registry of the built-in models ({@link #builtInEntries()}), configured from the environment, with
     *         the {@linkplain ModelImporters#shared() shared importers}
     */
    public static ModelRegistry defaults() {
        return builder().addBuiltInEntries().build();
    }

    /** @return an empty builder: environment configuration, shared importers, no entries */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the models deepfake4j knows by name: {@code yunet-s}, {@code ultraface-rfb-320} (face detectors),
     *         {@code mesonet4-df}, {@code mesonet4-f2f}, {@code mesoinception4-df}, {@code mesoinception4-f2f}
     *         (classifiers imported from the authors' Keras weights)
     */
    public static List<RegistryEntry> builtInEntries() {
        return BuiltInModels.all();
    }

    /** @return the configuration in use */
    public RegistryConfig config() {
        return config;
    }

    /** @return every entry, in the order added */
    public List<RegistryEntry> entries() {
        return orderedNames.stream().map(entries::get).toList();
    }

    /**
     * @param name a registry name
     * @return the entry, if there is one
     */
    public Optional<RegistryEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * @param name a registry name
     * @return the entry
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} listing the known names
     */
    public RegistryEntry entry(String name) throws DeepfakeException {
        RegistryEntry e = entries.get(name);
        if (e == null) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "No model named '" + name + "' in the registry;"
                    + " known models: " + orderedNames);
        }
        return e;
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
     * Finds a model by path or name, downloading (and importing) it when needed; blocks until done.
     *
     * @param nameOrPath an existing ONNX file (its manifest beside it), or a registry name
     * @param progress told how a download advances, on this thread
     * @return the ONNX file, its manifest and where it was found
     * @throws DeepfakeException {@link ErrorCode#MODEL_NOT_FOUND} for an unknown name or, offline, a file in neither
     *         cache nor mirror; {@link ErrorCode#CHECKSUM_MISMATCH} for a cached, mirrored or downloaded file with
     *         the wrong SHA-256; {@link ErrorCode#IO_FAILURE} when a download fails or stalls;
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
        RegistryEntry entry = entries.get(nameOrPath);
        if (entry == null) {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, "'" + nameOrPath + "' is neither an existing"
                    + " model file nor a registry name; known models: " + orderedNames);
        }
        return resolve(entry, progress);
    }

    /**
     * Resolves an entry (of this registry or not): cache, mirror, download, then import when the entry has an
     * importer.
     *
     * @param entry the entry
     * @param progress told how a download advances, on this thread
     * @return the ONNX file, its manifest and where the source was found
     * @throws DeepfakeException as {@link #resolve(String, DownloadProgress)}
     */
    public ResolvedModel resolve(RegistryEntry entry, DownloadProgress progress) throws DeepfakeException {
        Fetched fetched = fetch(entry, progress);
        Path model = entry.importerId().isPresent() ? imported(entry, fetched.file) : fetched.file;
        return new ResolvedModel(entry.name(), model, entry.manifest(), fetched.origin, fetched.file);
    }

    /**
     * Resolves a classifier and opens it.
     *
     * @param nameOrPath a registry name or an ONNX file with its manifest beside it
     * @param options session options
     * @return the classifier, owned by the caller
     * @throws DeepfakeException as {@link #resolve(String, DownloadProgress)} and
     *         {@link OnnxClassifier.Builder#open(Path)} (a face-detector entry is {@link ErrorCode#MODEL_INVALID})
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
        List<VerificationResult> results = new ArrayList<>();
        for (RegistryEntry e : entries()) {
            Path file = config.cacheDir().resolve(e.fileName());
            String expected = expectedSha256(e, file);
            if (!Files.isRegularFile(file)) {
                results.add(new VerificationResult(e.name(), file, VerificationResult.Status.MISSING, expected,
                        Optional.empty()));
                continue;
            }
            String actual = sha256(file);
            VerificationResult.Status status = expected == null ? VerificationResult.Status.UNVERIFIED
                    : actual.equals(expected) ? VerificationResult.Status.OK : VerificationResult.Status.CORRUPT;
            results.add(new VerificationResult(e.name(), file, status, expected, Optional.of(actual)));
        }
        return results;
    }

    private record Fetched(Path file, ModelOrigin origin) {
    }

    private Fetched fetch(RegistryEntry entry, DownloadProgress progress) throws DeepfakeException {
        synchronized (fileLocks.computeIfAbsent(entry.fileName(), k -> new Object())) {
            Path cached = config.cacheDir().resolve(entry.fileName());
            if (Files.isRegularFile(cached)) {
                checkSum(entry, cached, "cached", expectedSha256(entry, cached));
                return new Fetched(cached, ModelOrigin.CACHE);
            }
            Optional<Path> mirrored = findInMirror(entry.fileName());
            if (mirrored.isPresent()) {
                // an unpinned entry's mirror copy is the user's own file: trusted as it is
                if (entry.isPinned()) {
                    checkSum(entry, mirrored.get(), "mirrored", entry.sha256());
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
            download(entry, cached, progress);
            return new Fetched(cached, ModelOrigin.DOWNLOAD);
        }
    }

    private void download(RegistryEntry entry, Path target, DownloadProgress progress) throws DeepfakeException {
        Path dir = target.getParent();
        Path part;
        try {
            Files.createDirectories(dir);
            part = Files.createTempFile(dir, entry.fileName() + ".", ".part");
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot create a file in the model cache " + dir
                    + ": " + e.getMessage() + "; set " + RegistryConfig.HOME_ENV + " to a writable folder", dir, e);
        }
        boolean stored = false;
        try {
            LOG.info("Downloading model {} ({} bytes) from {}", entry.name(),
                    entry.sizeBytes() > 0 ? entry.sizeBytes() : "unknown", entry.url());
            HttpRequest request = HttpRequest.newBuilder(entry.url()).timeout(config.readTimeout()).GET().build();
            String actual = FileDownload.fetch(client(), request, part, entry.maxBytes(), config.readTimeout(),
                    progress, entry.fileName());
            long size = Files.size(part);
            if (!entry.isPinned()) {
                Files.writeString(sidecar(target), actual + "\n");
                LOG.warn("Model {} has no published checksum; recorded sha256 {} ({} bytes) on first download and will"
                        + " verify it from now on. Pin it with a registry entry that names this sha256.", entry.name(),
                        actual, size);
            } else if (!actual.equals(entry.sha256()) || size != entry.sizeBytes()) {
                throw new DeepfakeException(ErrorCode.CHECKSUM_MISMATCH, "Downloaded " + entry.fileName() + " from "
                        + entry.url() + " has sha256 " + actual + " (" + size + " bytes) but the registry expects "
                        + entry.sha256() + " (" + entry.sizeBytes() + " bytes); it was discarded. The server sent"
                        + " different bytes: check the URL or use a mirror");
            }
            moveAtomically(part, target);
            stored = true;
            remember(target);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot store " + entry.fileName() + " in "
                    + dir + ": " + e.getMessage(), dir, e);
        } finally {
            if (!stored) {
                deleteQuietly(part);
            }
        }
    }

    private Path imported(RegistryEntry entry, Path source) throws DeepfakeException {
        Path onnx = config.cacheDir().resolve(entry.name() + ".onnx");
        synchronized (fileLocks.computeIfAbsent(onnx.getFileName().toString(), k -> new Object())) {
            if (Files.isRegularFile(onnx)) {
                return onnx;
            }
            String id = entry.importerId().orElseThrow();
            ModelImporter importer = importers.find(id).orElseThrow(() -> new DeepfakeException(
                    ErrorCode.MISSING_COMPONENT, "Model " + entry.name() + " is published as " + entry.fileName()
                            + " and needs the importer '" + id + "', which is not registered (registered: "
                            + importers.ids() + "); register it with ModelImporters.shared().register"));
            LOG.info("Importing {} from {} with {}", entry.name(), source, id);
            byte[] bytes = importer.importModel(source);
            Path part = null;
            try {
                Files.createDirectories(onnx.getParent());
                part = Files.createTempFile(onnx.getParent(), onnx.getFileName() + ".", ".part");
                Files.write(part, bytes);
                moveAtomically(part, onnx);
                part = null;
                return onnx;
            } catch (IOException e) {
                throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot store imported model " + onnx + ": "
                        + e.getMessage(), onnx, e);
            } finally {
                if (part != null) {
                    deleteQuietly(part);
                }
            }
        }
    }

    private void checkSum(RegistryEntry entry, Path file, String where, String expected) throws DeepfakeException {
        if (expected == null) {
            throw new DeepfakeException(ErrorCode.CHECKSUM_MISMATCH, "The " + where + " file " + file + " for model '"
                    + entry.name() + "' has no recorded sha256 (" + sidecar(file).getFileName() + " is missing), so"
                    + " it cannot be verified; delete it to fetch the model again", file, null);
        }
        String known = verified.get(file);
        String stamp = stamp(file);
        if (known != null && known.equals(stamp)) {
            return;
        }
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new DeepfakeException(ErrorCode.CHECKSUM_MISMATCH, "The " + where + " file " + file + " for model '"
                    + entry.name() + "' has sha256 " + actual + " but " + (entry.isPinned() ? "the registry expects "
                    : "its first download recorded ") + expected + "; delete it to fetch the model again", file, null);
        }
        remember(file);
    }

    /** @return the SHA-256 a cached file must have: the entry's, or for an unpinned entry the one recorded */
    private static String expectedSha256(RegistryEntry entry, Path cachedFile) throws DeepfakeException {
        if (entry.isPinned()) {
            return entry.sha256();
        }
        Path recorded = sidecar(cachedFile);
        if (!Files.isRegularFile(recorded)) {
            return null;
        }
        try {
            String text = Files.readString(recorded).trim().toLowerCase(java.util.Locale.ROOT);
            return text.matches("[0-9a-f]{64}") ? text : "(unreadable record in " + recorded + ")";
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Cannot read " + recorded + ": " + e.getMessage(),
                    recorded, e);
        }
    }

    private static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    private void remember(Path file) {
        verified.put(file, stamp(file));
    }

    private static String stamp(Path file) {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            return Files.size(file) + "@" + t.toMillis();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private Optional<Path> findInMirror(String fileName) {
        Optional<Path> mirror = config.mirror();
        if (mirror.isEmpty()) {
            return Optional.empty();
        }
        if (!Files.isDirectory(mirror.get())) {
            LOG.warn("Model mirror {} ({}) is not a folder; ignoring it", mirror.get(), RegistryConfig.MIRROR_ENV);
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(mirror.get(), 32, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(p -> p.getFileName() != null && p.getFileName().toString().equals(fileName))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .findFirst();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot search model mirror {}: {}", mirror.get(), e.toString());
            return Optional.empty();
        }
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                c = http;
                if (c == null) {
                    c = HttpClient.newBuilder()
                            .connectTimeout(config.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();
                    http = c;
                }
            }
        }
        return c;
    }

    private static Path asExistingFile(String nameOrPath) {
        try {
            Path p = Path.of(nameOrPath);
            return Files.isRegularFile(p) ? p.toAbsolutePath() : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // same folder, so this happens only on exotic file systems; a plain rename is the best left
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Cannot delete temporary file {}: {}", p, e.toString());
        }
    }

    static String sha256(Path file) throws DeepfakeException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Cannot read " + file + ": " + e.getMessage(), file,
                    e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ModelRegistry[" + orderedNames + ", " + config + "]";
    }

    /** Builds a {@link ModelRegistry}. Not thread-safe; reusable. */
    public static final class Builder {
        private RegistryConfig config;
        private final Map<String, RegistryEntry> entries = new LinkedHashMap<>();
        private ModelImporters importers = ModelImporters.shared();

        private Builder() {
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

        /** @return this, with {@link ModelRegistry#builtInEntries()} added */
        public Builder addBuiltInEntries() {
            for (RegistryEntry e : BuiltInModels.all()) {
                addEntry(e);
            }
            return this;
        }

        /** @return the registry; the builder stays usable */
        public ModelRegistry build() {
            return new ModelRegistry(this);
        }
    }
}
