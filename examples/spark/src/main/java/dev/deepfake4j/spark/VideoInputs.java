package dev.deepfake4j.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Turns the job's INPUT into the dataset of video paths to score. Runs on the driver.
 *
 * <ul>
 *   <li>A folder is listed recursively on the driver, through Hadoop's file systems (a local folder, or
 *       {@code hdfs://}, {@code s3a://}, …). Names starting with {@code .} or {@code _} (hidden files, Spark and
 *       Hadoop markers) and {@code *.json} files (DFDC's {@code metadata.json}) are skipped, as the command line
 *       does; everything else is an input, and a file that is not a video gets a row with its error. Paths of a
 *       local folder are written as plain paths, others as URIs.</li>
 *   <li>A file is a list, read by Spark itself (so it may be large): one path or URI per line, blank lines and
 *       {@code #} comments skipped, surrounding spaces trimmed; a relative path is relative to the list's
 *       folder.</li>
 * </ul>
 */
final class VideoInputs {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private VideoInputs() {
    }

    /**
     * @param spark the session
     * @param input a folder or a list file
     * @return the paths, unpartitioned
     * @throws IllegalArgumentException when the input does not exist
     * @throws IOException when it cannot be listed
     */
    static Dataset<String> read(SparkSession spark, String input) throws IOException {
        Path path = new Path(input);
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("INPUT does not exist: " + input
                    + " (give a folder of videos or a text file listing them)", e);
        }
        boolean plainLocal = !SCHEME.matcher(input).matches();
        if (status.isDirectory()) {
            return spark.createDataset(listFolder(fs, status.getPath(), plainLocal), Encoders.STRING());
        }
        String base = plainLocal ? status.getPath().getParent().toUri().getPath() : null;
        return spark.read().textFile(status.getPath().toString())
                .map((MapFunction<String, String>) String::trim, Encoders.STRING())
                .filter((FilterFunction<String>) line -> !line.isEmpty() && !line.startsWith("#"))
                .map((MapFunction<String, String>) line -> resolve(base, line), Encoders.STRING());
    }

    private static List<String> listFolder(FileSystem fs, Path folder, boolean plainLocal) throws IOException {
        List<String> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
        while (files.hasNext()) {
            Path p = files.next().getPath();
            if (skipped(folder, p)) {
                continue;
            }
            out.add(plainLocal ? p.toUri().getPath() : p.toString());
        }
        Collections.sort(out);
        return out;
    }

    /** Skips a file when its name, or a folder's name between it and the listed folder, is hidden or a marker. */
    private static boolean skipped(Path root, Path file) {
        if (file.getName().endsWith(".json")) {
            return true;
        }
        for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
            if (p.getName().startsWith(".") || p.getName().startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param base the list's folder when the list is a plain local file, else {@code null}
     * @param line one trimmed, non-empty line of the list
     * @return the path to score
     */
    static String resolve(String base, String line) {
        if (base == null || line.startsWith("/") || SCHEME.matcher(line).matches()) {
            return line;
        }
        return java.nio.file.Path.of(base).resolve(line).normalize().toString();
    }
}
