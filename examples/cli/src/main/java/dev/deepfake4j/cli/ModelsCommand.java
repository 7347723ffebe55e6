package dev.deepfake4j.cli;

import dev.deepfake4j.models.registry.ModelRegistry;
import dev.deepfake4j.models.registry.RegistryEntry;
import dev.deepfake4j.models.registry.RegistryPreset;
import dev.deepfake4j.models.registry.ResolvedModel;
import dev.deepfake4j.models.registry.VerificationResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code deepfake4j models list|pull NAME|verify}: the model registry. */
@Command(name = "models", mixinStandardHelpOptions = true, description = {
        "Lists, fetches and verifies the models of the registry.",
        "Models are looked up bundled in the library (the two defaults, copied into the cache on first use), then in",
        "the cache ($DEEPFAKE4J_HOME/models, default ~/.cache/deepfake4j/models), then in $DEEPFAKE4J_MODEL_MIRROR",
        "(by file name), then downloaded; DEEPFAKE4J_OFFLINE=1 never downloads."},
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Pull.class, ModelsCommand.Verify.class})
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list, pull NAME or verify");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {
            "Lists the registry's models: name, task, size, licence, whether cached, URL;",
            "then its presets: name, member count, licence, ensemble rule, members."})
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ModelRegistry registry = ModelRegistry.defaults();
            PrintWriter out = spec.commandLine().getOut();
            for (RegistryEntry e : registry.entries()) {
                boolean cached = Files.isRegularFile(registry.config().cacheDir().resolve(e.fileName()));
                out.println(String.format(Locale.ROOT, "%-20s %-14s %12s  %-11s %s  %s", e.name(),
                        e.manifest().task().jsonName(), size(e), e.license(), cached ? "cached " : "-      ",
                        e.url()));
            }
            for (RegistryPreset p : registry.presets()) {
                out.println(String.format(Locale.ROOT, "%-20s %-14s %12s  %-11s %s  %s", p.name(), "preset",
                        p.members().size() + " models", p.license(),
                        p.ensembleMode().toString().toLowerCase(Locale.ROOT).replace('_', '-'),
                        String.join(",", p.members())));
            }
            out.flush();
            return Main.EXIT_OK;
        }
    }

    /** @return the entry's size in kB, or {@code unknown} for an unpinned entry (no size is published) */
    static String size(RegistryEntry e) {
        return e.sizeBytes() > 0 ? String.format(Locale.ROOT, "%.1f kB", e.sizeBytes() / 1000.0) : "unknown";
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "Fetches a model into the cache (SHA-256 verified) and prints where it is.")
    static final class Pull implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            ModelRegistry registry = ModelRegistry.defaults();
            PrintWriter err = spec.commandLine().getErr();
            boolean terminal = System.console() != null;
            ResolvedModel m = registry.resolve(registry.entry(name), (file, done, total) -> {
                if (terminal) {
                    err.print(String.format(Locale.ROOT, "\r%s: %.1f / %.1f MB", file, done / 1e6, total / 1e6));
                    err.flush();
                }
            });
            if (terminal) {
                err.println();
            }
            spec.commandLine().getOut().println(m.name() + "  " + m.origin().toString().toLowerCase(Locale.ROOT) + "  " + m.model());
            spec.commandLine().getOut().flush();
            return Main.EXIT_OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Checks cached models against their SHA-256; exit code 3 when one is corrupt.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int corrupt = 0;
            PrintWriter out = spec.commandLine().getOut();
            for (VerificationResult r : ModelRegistry.defaults().verify()) {
                if (r.status() == VerificationResult.Status.CORRUPT) {
                    corrupt++;
                }
                out.println(String.format(Locale.ROOT, "%-8s %-20s %s%s", r.status(), r.entry(), r.file(),
                        r.status() == VerificationResult.Status.CORRUPT ? "  (expected " + r.expectedSha256() + ", got "
                                + r.actualSha256().orElse("?") + "; delete it to fetch it again)" : ""));
            }
            out.flush();
            return corrupt == 0 ? Main.EXIT_OK : Main.EXIT_SOME_FAILED;
        }
    }
}
