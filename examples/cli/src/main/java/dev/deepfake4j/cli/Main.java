package dev.deepfake4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code deepfake4j} command-line tool. Exit codes: 0 when every input was processed, 2 for a usage error,
 * 3 when some inputs failed (the others are still processed and printed), 4 when {@code calibrate} wrote no file
 * because calibration would not help, 1 for anything unexpected.
 */
@Command(name = "deepfake4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Tells whether videos of people are deepfakes.",
        subcommands = {ScoreCommand.class, EvalCommand.class, CalibrateCommand.class, FramesCommand.class,
                FacesCommand.class, ModelsCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Every input was processed. */
    public static final int EXIT_OK = 0;
    /** Something unexpected failed. */
    public static final int EXIT_FAILURE = 1;
    /** The command line was wrong. */
    public static final int EXIT_USAGE = 2;
    /** Some inputs failed; the others were processed. */
    public static final int EXIT_SOME_FAILED = 3;
    /** {@code calibrate} scored the videos but wrote no file: cross-validation says a map would not help. */
    public static final int EXIT_NOT_CALIBRATED = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required (score, eval, calibrate, frames, faces, models, serve)");
    }

    /**
     * Runs the tool and exits the JVM with its exit code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the tool without exiting, for tests and embedding.
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("deepfake4j: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageException) {
                c.getErr().println("deepfake4j: " + ex.getMessage());
                return EXIT_USAGE;
            }
            if (ex instanceof dev.deepfake4j.DeepfakeException de) {
                c.getErr().println("deepfake4j: " + de.code() + ": " + de.getMessage());
            } else {
                c.getErr().println("deepfake4j: " + ex);
            }
            if (System.getenv("DEEPFAKE4J_DEBUG") != null) {
                ex.printStackTrace(c.getErr());
            }
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"deepfake4j " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
