package dev.deepfake4j.cli;

import dev.deepfake4j.models.efficientnet.PaddingRule;
import dev.deepfake4j.models.importers.FamilyImporter;
import dev.deepfake4j.models.importers.ModelFamily;
import dev.deepfake4j.models.registry.ModelRegistry;
import dev.deepfake4j.models.registry.RegistryEntry;
import dev.deepfake4j.models.registry.RegistryPreset;
import dev.deepfake4j.models.registry.ResolvedModel;
import dev.deepfake4j.models.registry.VerificationResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code deepfake4j models list|pull NAME|verify|import --family FAMILY CHECKPOINT --out DIR}: the model registry,
 * and the import of a detector checkpoint the user has into a model file.
 */
@Command(name = "models", mixinStandardHelpOptions = true, description = {
        "Lists, fetches and verifies the models of the registry.",
        "Models are looked up bundled in the library (the two defaults, copied into the cache on first use), then in",
        "the cache ($DEEPFAKE4J_HOME/models, default ~/.cache/deepfake4j/models), then in $DEEPFAKE4J_MODEL_MIRROR",
        "(by file name), then downloaded; DEEPFAKE4J_OFFLINE=1 never downloads."},
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Pull.class, ModelsCommand.Verify.class,
                ModelsCommand.Import.class})
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list, pull NAME, verify"
                + " or import --family FAMILY CHECKPOINT --out DIR");
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
            int width = 20;
            for (RegistryEntry e : registry.entries()) {
                width = Math.max(width, e.name().length());
            }
            for (RegistryPreset p : registry.presets()) {
                width = Math.max(width, p.name().length());
            }
            String row = "%-" + width + "s %-14s %12s  %-11s %s  %s";
            for (RegistryEntry e : registry.entries()) {
                boolean cached = Files.isRegularFile(registry.config().cacheDir().resolve(e.fileName()));
                out.println(String.format(Locale.ROOT, row, e.name(),
                        e.manifest().task().jsonName(), size(e), e.license(), cached ? "cached " : "-      ",
                        e.url()));
            }
            for (RegistryPreset p : registry.presets()) {
                out.println(String.format(Locale.ROOT, row, p.name(), "preset",
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

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
            "Imports a detector checkpoint (PyTorch .pth/.tar, either torch format) into DIR/<name>.onnx and its",
            "manifest DIR/<name>.json, ready for --model DIR/<name>.onnx.",
            "FAMILY: icpr2020-efficientnetb4, icpr2020-efficientnetb4st, icpr2020-efficientnetautoattb4,",
            "icpr2020-efficientnetautoattb4st, sbi, deepfakebench-effnb4, dfdc-winner.",
            "SBI and DeepfakeBench weights are under non-commercial licences, printed and recorded in the manifest."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--family", required = true, paramLabel = "FAMILY", description = "the checkpoint's family")
        String family;

        @Parameters(arity = "1", paramLabel = "CHECKPOINT", description = "the checkpoint file")
        Path checkpoint;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder to write into")
        Path out;

        @Option(names = "--name", paramLabel = "NAME", description = "the model's name (default: the checkpoint's "
                + "file name without extension, lower-cased)")
        String name;

        @Option(names = "--efficientnet-pytorch", paramLabel = "VERSION", description = "0.7 (default): padding "
                + "fixed from the native size, as efficientnet_pytorch 0.7.x builds it; 0.6: TF-same padding for the "
                + "actual input, for a detector that ran 0.6.x")
        String efficientnetPytorch = "0.7";

        @Override
        public Integer call() throws Exception {
            PaddingRule padding = switch (efficientnetPytorch) {
                case "0.7" -> PaddingRule.STATIC_FROM_NATIVE_SIZE;
                case "0.6" -> PaddingRule.SAME_FOR_INPUT;
                default -> throw new UsageException("--efficientnet-pytorch must be 0.7 or 0.6, got '"
                        + efficientnetPytorch + "'");
            };
            ModelFamily f;
            try {
                f = ModelFamily.fromId(family);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            String modelName = name != null ? name : FamilyImporter.defaultName(checkpoint);
            if (!modelName.matches("[a-z0-9][a-z0-9._-]*")) {
                throw new UsageException("--name must be lower-case letters, digits, '.', '_' or '-': '" + modelName
                        + "'");
            }
            FamilyImporter.ImportedModel m = FamilyImporter.importTo(f, checkpoint, out, modelName, padding);
            PrintWriter o = spec.commandLine().getOut();
            m.licenceNotice().ifPresent(notice -> {
                PrintWriter err = spec.commandLine().getErr();
                err.println("LICENCE: " + notice);
                err.flush();
            });
            o.println(m.onnx());
            o.println(m.manifestFile());
            o.println("licence: " + m.manifest().provenance().license().orElse("?"));
            o.println("use it with: --model " + m.onnx());
            o.flush();
            return Main.EXIT_OK;
        }
    }
}
