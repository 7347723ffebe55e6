package dev.deepfake4j.models.registry;

import static dev.deepfake4j.internal.Checks.checkArgument;
import static dev.deepfake4j.internal.Checks.checkState;

import dev.deepfake4j.models.manifest.ModelManifest;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A named model the registry can fetch: where to download it, its exact size and SHA-256, its licence, the file name
 * it is stored under, its manifest, and — for a model published in another format — the id of the
 * {@link ModelImporter} that turns it into ONNX. Immutable and thread-safe.
 */
public final class RegistryEntry {
    private final String name;
    private final URI url;
    private final long sizeBytes;
    private final long maxBytes;
    private final String sha256;
    private final String license;
    private final String fileName;
    private final ModelManifest manifest;
    private final String importerId;

    private RegistryEntry(Builder b) {
        this.name = b.name;
        this.url = b.url;
        this.sizeBytes = b.sizeBytes;
        this.maxBytes = b.maxBytes;
        this.sha256 = b.sha256;
        this.license = b.license;
        this.fileName = b.fileName;
        this.manifest = b.manifest;
        this.importerId = b.importerId;
    }

    /**
     * @param name the registry name: lower-case letters, digits, '.', '_', '-' (e.g. {@code mesonet4-df})
     * @return a builder; url, license, file name and manifest are required, and size and sha256 unless the entry is
     *         {@linkplain Builder#unpinned(long) unpinned}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the registry name */
    public String name() {
        return name;
    }

    /** @return the download URL (HTTPS; plain HTTP only to a loopback address) */
    public URI url() {
        return url;
    }

    /**
     * @return the exact size of the file in bytes, or 0 when unknown (an unpinned entry, or one pinned by
     *         {@link Builder#sha256WithoutSize})
     */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** @return the most bytes a download of this entry may bring: its size, or an unpinned entry's limit */
    public long maxBytes() {
        return sizeBytes > 0 ? sizeBytes : maxBytes;
    }

    /** @return the file's SHA-256, lower-case hex, or {@code null} for an unpinned entry */
    public String sha256() {
        return sha256;
    }

    /**
     * @return whether the entry names the file's SHA-256. An unpinned entry (its publisher gives no checksum) is
     *         trusted on first download: the registry records the SHA-256 it saw beside the cached file
     *         ({@code <file>.sha256}) and verifies the file against it on every later use
     */
    public boolean isPinned() {
        return sha256 != null;
    }

    /** @return the licence of the model, e.g. {@code Apache-2.0} */
    public String license() {
        return license;
    }

    /** @return the file name in the cache and the mirror, e.g. {@code Meso4_DF.h5} */
    public String fileName() {
        return fileName;
    }

    /** @return the manifest of the ONNX model (after import, when there is an importer) */
    public ModelManifest manifest() {
        return manifest;
    }

    /** @return the id of the importer that turns the file into ONNX; empty when the file is ONNX */
    public Optional<String> importerId() {
        return Optional.ofNullable(importerId);
    }

    @Override
    public String toString() {
        return "RegistryEntry[" + name + " " + fileName + " " + sizeBytes + " bytes sha256=" + sha256 + " " + license
                + (importerId == null ? "" : " import=" + importerId) + " from " + url + "]";
    }

    /** Builds a {@link RegistryEntry}; setters check their argument at once. Not thread-safe; reusable. */
    public static final class Builder {
        private final String name;
        private URI url;
        private long sizeBytes;
        private long maxBytes;
        private String sha256;
        private String license;
        private String fileName;
        private ModelManifest manifest;
        private String importerId;
        private boolean sizeUnknown;

        private Builder(String name) {
            checkArgument(name != null && name.matches("[a-z0-9][a-z0-9._-]*"),
                    "registry name must be lower-case letters, digits, '.', '_' or '-': '%s'", name);
            this.name = name;
        }

        /** @param url HTTPS download URL (plain HTTP only for 127.0.0.1/localhost) @return this */
        public Builder url(String url) {
            URI u = URI.create(Objects.requireNonNull(url, "url"));
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            boolean loopback = "127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost())
                    || "[::1]".equals(u.getHost());
            checkArgument(scheme.equals("https") || (scheme.equals("http") && loopback),
                    "model URL must be https (plain http only to a loopback address): %s", url);
            this.url = u;
            return this;
        }

        /** @param sizeBytes exact file size in bytes, positive @return this */
        public Builder size(long sizeBytes) {
            checkArgument(sizeBytes > 0, "size must be positive: %s", sizeBytes);
            this.sizeBytes = sizeBytes;
            return this;
        }

        /** @param sha256 the file's SHA-256, 64 hex digits @return this */
        public Builder sha256(String sha256) {
            checkArgument(sha256 != null && sha256.matches("[0-9a-fA-F]{64}"), "sha256 must be 64 hex digits: %s",
                    sha256);
            this.sha256 = sha256.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Pins the file's SHA-256 where its publisher names the hash but not the size (e.g. a hash in the file
         * name): the download is verified against the hash and may bring at most {@code maxBytes}.
         *
         * @param sha256 the file's SHA-256, 64 hex digits
         * @param maxBytes the most bytes a download may bring, positive
         * @return this
         */
        public Builder sha256WithoutSize(String sha256, long maxBytes) {
            sha256(sha256);
            checkArgument(maxBytes > 0, "maximum size must be positive: %s", maxBytes);
            this.maxBytes = maxBytes;
            this.sizeUnknown = true;
            return this;
        }

        /**
         * Marks the entry as unpinned: its size and SHA-256 are not known in advance (see
         * {@link RegistryEntry#isPinned()}).
         *
         * @param maxBytes the most bytes a download may bring, positive
         * @return this
         */
        public Builder unpinned(long maxBytes) {
            checkArgument(maxBytes > 0, "maximum size must be positive: %s", maxBytes);
            this.maxBytes = maxBytes;
            return this;
        }

        /** @param license the model's licence, e.g. an SPDX id @return this */
        public Builder license(String license) {
            checkArgument(license != null && !license.isBlank(), "license must not be blank");
            this.license = license;
            return this;
        }

        /** @param fileName a plain file name (no folders), e.g. {@code yunet_s_640_640.onnx} @return this */
        public Builder fileName(String fileName) {
            checkArgument(fileName != null && !fileName.isBlank() && !fileName.contains("/")
                    && !fileName.contains("\\") && !fileName.equals("..") && !fileName.equals("."),
                    "file name must be a plain name without folders: '%s'", fileName);
            this.fileName = fileName;
            return this;
        }

        /** @param manifest the manifest of the (imported) ONNX model @return this */
        public Builder manifest(ModelManifest manifest) {
            this.manifest = Objects.requireNonNull(manifest, "manifest");
            return this;
        }

        /** @param importerId the {@link ModelImporter} id for non-ONNX files, or null @return this */
        public Builder importer(String importerId) {
            checkArgument(importerId == null || !importerId.isBlank(), "importer id must not be blank");
            this.importerId = importerId;
            return this;
        }

        /**
         * @return the entry; the builder stays usable
         * @throws IllegalStateException naming the first required field not set
         */
        public RegistryEntry build() {
            checkState(url != null, "registry entry %s: url is required", name);
            boolean unpinned = maxBytes > 0 && !sizeUnknown;
            checkState(unpinned || sizeUnknown || sizeBytes > 0, "registry entry %s: size is required (or mark it unpinned)", name);
            checkState(unpinned || sha256 != null, "registry entry %s: sha256 is required (or mark it unpinned)", name);
            checkState(!(unpinned && sha256 != null), "registry entry %s: has a sha256 %s but is marked unpinned",
                    name, sha256);
            checkState(license != null, "registry entry %s: license is required", name);
            checkState(fileName != null, "registry entry %s: file name is required", name);
            checkState(manifest != null, "registry entry %s: manifest is required", name);
            return new RegistryEntry(this);
        }
    }
}
