package dev.deepfake4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DeepfakeSparkJob} scores and where it writes, as given on its command line:
 * <pre>INPUT OUTPUT [--format parquet|json] [--frames N] [--partitions N] [--output-files N]</pre>
 * Immutable.
 *
 * @param input a folder of videos (listed recursively; names starting with {@code .} or {@code _} and
 *        {@code *.json} files are skipped), or a text file with one video path or URI per line (blank lines and
 *        lines starting with {@code #} are skipped; relative paths are relative to the list's folder)
 * @param output where the table goes; must not exist yet
 * @param format the table's format; default {@link OutputFormat#PARQUET}
 * @param frames frames sampled per video, uniformly spaced, 1..1000; default 32 (the library's default)
 * @param partitions how many tasks share the videos, 1..1,000,000, or 0 for automatic: four per core of the
 *        cluster (Spark's default parallelism), at most one per video, so that long and short videos even out
 * @param outputFiles how many files the table is written as, 1..10,000; default 1 (a row is ~200 bytes, so one
 *        file holds millions of videos comfortably)
 */
public record JobOptions(String input, String output, OutputFormat format, int frames, int partitions,
        int outputFiles) {

    /** The usage line, for error messages. */
    public static final String USAGE = "usage: DeepfakeSparkJob INPUT OUTPUT [--format parquet|json] [--frames N] "
            + "[--partitions N] [--output-files N]\n"
            + "  INPUT   a folder of videos, or a text file with one video path or URI per line\n"
            + "  OUTPUT  where the table of scores goes (must not exist)";

    /**
     * Checks every field; each message names the bad value.
     *
     * @param input a folder of videos or a list file
     * @param output where the table goes
     * @param format the table's format
     * @param frames frames per video, 1..1000
     * @param partitions tasks, 1..1,000,000, or 0 for automatic
     * @param outputFiles output files, 1..10,000
     * @throws IllegalArgumentException naming the bad value
     */
    public JobOptions {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(format, "format");
        if (input.isBlank()) {
            throw new IllegalArgumentException("INPUT is empty");
        }
        if (output.isBlank()) {
            throw new IllegalArgumentException("OUTPUT is empty");
        }
        if (frames < 1 || frames > 1000) {
            throw new IllegalArgumentException("--frames must be in 1..1000: " + frames);
        }
        if (partitions < 0 || partitions > 1_000_000) {
            throw new IllegalArgumentException(
                    "--partitions must be in 1..1000000 (or 0 for automatic): " + partitions);
        }
        if (outputFiles < 1 || outputFiles > 10_000) {
            throw new IllegalArgumentException("--output-files must be in 1..10000: " + outputFiles);
        }
    }

    /**
     * @param input a folder of videos or a list file
     * @param output where the table goes
     * @return options with every other value at its default
     */
    public static JobOptions of(String input, String output) {
        return new JobOptions(input, output, OutputFormat.PARQUET, 32, 0, 1);
    }

    /**
     * @param format the table's format
     * @return a copy with this format
     */
    public JobOptions withFormat(OutputFormat format) {
        return new JobOptions(input, output, format, frames, partitions, outputFiles);
    }

    /**
     * @param n frames sampled per video
     * @return a copy with this frame count
     */
    public JobOptions withFrames(int n) {
        return new JobOptions(input, output, format, n, partitions, outputFiles);
    }

    /**
     * @param n tasks that share the videos, or 0 for automatic
     * @return a copy with this partition count
     */
    public JobOptions withPartitions(int n) {
        return new JobOptions(input, output, format, frames, n, outputFiles);
    }

    /**
     * Parses the command line. Options may come before, between or after the two positional arguments, as
     * {@code --name value} or {@code --name=value}.
     *
     * @param args the arguments of {@code main}
     * @return the options
     * @throws IllegalArgumentException naming the bad or missing argument
     */
    public static JobOptions parse(String... args) {
        List<String> positional = new ArrayList<>();
        OutputFormat format = OutputFormat.PARQUET;
        int frames = 32;
        int partitions = 0;
        int outputFiles = 1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--format" -> format = OutputFormat.parse(value);
                case "--frames" -> frames = integer(name, value);
                case "--partitions" -> partitions = integer(name, value);
                case "--output-files" -> outputFiles = integer(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (positional.size() != 2) {
            throw new IllegalArgumentException("expected INPUT and OUTPUT, got " + positional.size()
                    + " argument(s): " + positional);
        }
        return new JobOptions(positional.get(0), positional.get(1), format, frames, partitions, outputFiles);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number: '" + value + "'", e);
        }
    }
}
