package dev.deepfake4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deepfake4j models list|pull NAME|verify}: the model registry. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Lists, downloads and verifies the models of the registry.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Pull.class, ModelsCommand.Verify.class})
final class ModelsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list, pull NAME or verify");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the registry's models and whether each is cached.")
    static final class ListModels implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new UsageException("'models list' is not available yet in this build");
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "Downloads a model into the cache (checksum verified).")
    static final class Pull implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            throw new UsageException("'models pull' is not available yet in this build");
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Checks cached models against their SHA-256.")
    static final class Verify implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new UsageException("'models verify' is not available yet in this build");
        }
    }
}
