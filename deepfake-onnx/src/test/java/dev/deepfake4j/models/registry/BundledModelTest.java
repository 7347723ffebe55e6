package dev.deepfake4j.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled step of {@link ModelRegistry}: a model on the class path at {@code dev/deepfake4j/models/bundled/} is
 * found offline without a mirror, verified, copied once into the cache, and comes before cache and mirror. The
 * class path here is a folder behind a {@link URLClassLoader}, so no model file is needed in the repository.
 */
class BundledModelTest {
    /** Never contacted: every registry here is offline. */
    static final String UNREACHABLE = "https://models.invalid/model.bin";

    @TempDir
    Path tmp;
    Path cache;
    Path classes;
    byte[] payload;
    URLClassLoader loader;

    @BeforeEach
    void bundle() throws IOException {
        cache = tmp.resolve("home/models");
        classes = tmp.resolve("classes");
        payload = new byte[100_000];
        new Random(7).nextBytes(payload);
        // the folder must exist first: only then does its URI end in '/', which URLClassLoader reads as a folder
        Files.createDirectories(classes);
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    }

    @AfterEach
    void close() throws IOException {
        loader.close();
    }

    RegistryEntry pinned() {
        return RegistryEntry.builder("test-model").url(UNREACHABLE).size(payload.length)
                .sha256(ModelRegistryTest.sha256(payload)).license("MIT").fileName("model.bin")
                .manifest(ModelRegistryTest.MANIFEST).build();
    }

    ModelRegistry offline(RegistryEntry entry, Path mirror) {
        RegistryConfig config = RegistryConfig.builder(cache).mirror(mirror).offline(true).build();
        return ModelRegistry.builder().config(config).importers(new ModelImporters()).bundledModelsFrom(loader)
                .addEntry(entry).build();
    }

    Path putOnClassPath(byte[] bytes) throws IOException {
        Path resource = classes.resolve(ModelBundle.PREFIX + "model.bin");
        Files.createDirectories(resource.getParent());
        return Files.write(resource, bytes);
    }

    List<String> cacheFiles() throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    @Test
    void bundled_copy_resolves_offline_without_a_mirror_and_is_copied_into_the_cache() throws Exception {
        putOnClassPath(payload);
        ResolvedModel m = offline(pinned(), null).resolve("test-model");
        assertThat(m.origin()).isEqualTo(ModelOrigin.BUNDLED);
        assertThat(m.model()).isEqualTo(cache.resolve("model.bin")).isEqualTo(m.source());
        assertThat(Files.readAllBytes(m.model())).isEqualTo(payload);
        assertThat(cacheFiles()).containsExactly("model.bin");
    }

    @Test
    void a_later_resolve_uses_the_cached_copy_and_still_reports_bundled() throws Exception {
        putOnClassPath(payload);
        Path copy = offline(pinned(), null).resolve("test-model").model();
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(copy, old);
        ResolvedModel again = offline(pinned(), null).resolve("test-model");
        assertThat(again.origin()).isEqualTo(ModelOrigin.BUNDLED);
        assertThat(again.model()).isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(copy)).as("not copied again").isEqualTo(old);
    }

    @Test
    void bundled_copy_comes_before_the_mirror_and_can_be_switched_off() throws Exception {
        putOnClassPath(payload);
        Path mirror = tmp.resolve("mirror");
        Files.createDirectories(mirror);
        Files.write(mirror.resolve("model.bin"), payload);
        assertThat(offline(pinned(), mirror).resolve("test-model").origin()).isEqualTo(ModelOrigin.BUNDLED);

        RegistryConfig config = RegistryConfig.builder(tmp.resolve("other-cache")).mirror(mirror).offline(true).build();
        ModelRegistry without = ModelRegistry.builder().config(config).importers(new ModelImporters())
                .withoutBundledModels().addEntry(pinned()).build();
        assertThat(without.resolve("test-model").origin()).isEqualTo(ModelOrigin.MIRROR);
    }

    @Test
    void bundled_file_with_the_wrong_checksum_is_a_mismatch_naming_the_resource_and_nothing_is_cached()
            throws Exception {
        byte[] damaged = payload.clone();
        damaged[500] ^= 1;
        putOnClassPath(damaged);
        assertThatThrownBy(() -> offline(pinned(), null).resolve("test-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.CHECKSUM_MISMATCH))
                .hasMessageContaining("dev/deepfake4j/models/bundled/model.bin")
                .hasMessageContaining(ModelRegistryTest.sha256(damaged))
                .hasMessageContaining(ModelRegistryTest.sha256(payload));
        assertThat(cacheFiles()).as("neither the copy nor its partial file stays").isEmpty();
    }

    @Test
    void bundled_file_of_the_wrong_size_is_a_mismatch() throws Exception {
        putOnClassPath(java.util.Arrays.copyOf(payload, payload.length + 1));
        assertThatThrownBy(() -> offline(pinned(), null).resolve("test-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.CHECKSUM_MISMATCH))
                .hasMessageContaining((payload.length + 1) + " bytes");
    }

    @Test
    void an_unpinned_entry_ignores_a_bundled_file_it_cannot_check() throws Exception {
        putOnClassPath(payload);
        RegistryEntry unpinned = RegistryEntry.builder("test-model").url(UNREACHABLE).unpinned(1_000_000)
                .license("MIT").fileName("model.bin").manifest(ModelRegistryTest.MANIFEST).build();
        assertThatThrownBy(() -> offline(unpinned, null).resolve("test-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_NOT_FOUND));
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void without_a_bundled_copy_resolution_is_unchanged() throws Exception {
        // the class-path folder holds no model.bin: cache, mirror, (offline) error, as before
        assertThatThrownBy(() -> offline(pinned(), null).resolve("test-model"))
                .isInstanceOfSatisfying(DeepfakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining(cache.toString());
        Files.createDirectories(cache);
        Files.write(cache.resolve("model.bin"), payload);
        assertThat(offline(pinned(), null).resolve("test-model").origin()).isEqualTo(ModelOrigin.CACHE);
    }
}
