package dev.deepfake4j.models.registry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A second JVM for {@link ModelCacheLockTest}: pulls one pinned entry into a cache folder. Prints {@code READY},
 * waits for a line on standard input (so that two processes start their pull together), pulls, and prints the
 * origin ({@code DOWNLOAD} or {@code CACHE}). Arguments: cache folder, URL, size in bytes, SHA-256.
 */
public final class PullModelMain {
    private PullModelMain() {
    }

    public static void main(String[] args) throws Exception {
        RegistryEntry entry = RegistryEntry.builder("shared-model").url(args[1]).size(Long.parseLong(args[2]))
                .sha256(args[3]).license("MIT").fileName("shared.bin").manifest(ModelRegistryTest.MANIFEST).build();
        RegistryConfig config = RegistryConfig.builder(Path.of(args[0])).downloadAttempts(1).build();
        ModelRegistry registry = ModelRegistry.builder().config(config).importers(new ModelImporters())
                .addEntry(entry).build();
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        ResolvedModel m = registry.resolve("shared-model");
        System.out.println(m.origin());
        System.out.flush();
    }
}
