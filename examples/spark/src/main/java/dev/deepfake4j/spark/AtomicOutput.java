package dev.deepfake4j.spark;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a table so that its final location holds either the complete table or nothing.
 *
 * <p>Spark's own commit protocol (Hadoop's {@code FileOutputCommitter}) already writes task files under
 * {@code OUTPUT/_temporary} and moves them into place at job commit; but it creates {@code OUTPUT} at the start,
 * leaves it behind (empty or, with the v2 algorithm, partly filled) when the job fails, and a reader cannot tell an
 * unfinished folder from a finished one without looking for {@code _SUCCESS}. So the table is written to a hidden
 * sibling, {@code .NAME.staging-UUID} (same parent, hence same file system), and renamed to {@code NAME} only after
 * Spark committed it. The rename refuses to replace an existing path. If anything fails — a task that exhausted its
 * retries, the write, the rename — the staging folder is deleted and {@code OUTPUT} never appears.
 *
 * <p>The rename is atomic on HDFS and on local and POSIX network file systems. On object stores (S3, GCS) a
 * "rename" copies object by object and is not atomic: there, judge completeness by the {@code _SUCCESS} marker in
 * the output (Spark writes it last), or write to HDFS and copy.
 */
final class AtomicOutput {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicOutput.class);

    private AtomicOutput() {
    }

    /**
     * @param output the final location as given
     * @param conf the job's Hadoop configuration
     * @return the final location, fully qualified
     * @throws IllegalArgumentException when it already exists or has no parent folder
     * @throws IOException when the file system cannot be asked
     */
    static Path checkFree(String output, Configuration conf) throws IOException {
        Path path = new Path(output);
        FileSystem fs = path.getFileSystem(conf);
        Path qualified = fs.makeQualified(path);
        if (qualified.getParent() == null) {
            throw new IllegalArgumentException("OUTPUT cannot be a file system's root: " + output);
        }
        if (fs.exists(qualified)) {
            throw new IllegalArgumentException("OUTPUT already exists: " + qualified
                    + " (choose a new path, or delete the old result first)");
        }
        return qualified;
    }

    /**
     * Runs the job that computes {@code table} and commits its result to {@code target}.
     *
     * @param table the rows; computing them is the job
     * @param format the file format
     * @param target the final location, from {@link #checkFree}
     * @param conf the job's Hadoop configuration
     * @throws IOException when the rename fails (the staging folder is deleted); when the job fails, Spark's
     *         undeclared {@code SparkException} passes through and nothing is left
     */
    static void write(Dataset<Row> table, OutputFormat format, Path target, Configuration conf) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        Path staging = new Path(target.getParent(), "." + target.getName() + ".staging-" + UUID.randomUUID());
        boolean committed = false;
        try {
            table.write().format(format.sparkName()).mode(SaveMode.ErrorIfExists).save(staging.toString());
            // NONE: fail rather than replace (or, as FileSystem.rename would, nest into) a path created meanwhile.
            FileContext.getFileContext(target.toUri(), conf).rename(staging, target, Options.Rename.NONE);
            committed = true;
            LOG.info("Committed {} (written as {})", target, staging.getName());
        } finally {
            if (!committed) {
                try {
                    if (fs.delete(staging, true)) {
                        LOG.info("Job failed: deleted its unfinished output {}", staging);
                    }
                } catch (IOException e) {
                    LOG.warn("Job failed and its unfinished output {} could not be deleted: {}", staging, e.toString());
                }
            }
        }
    }
}
