package dev.deepfake4j.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a folder or a list of videos on an Apache Spark cluster and writes one row per video — probability of
 * fake, label, faces, tracks, timings, or the error — as Parquet or JSON ({@link ScoreTable} has the columns).
 *
 * <pre>
 * spark-submit --class dev.deepfake4j.spark.DeepfakeSparkJob --jars "$(echo lib/*.jar | tr ' ' ,)" \
 *     deepfake4j-spark.jar hdfs:///videos/ hdfs:///scores/2026-11-25 --format parquet --frames 32
 * </pre>
 *
 * <p><b>How the work is spread.</b> The input paths are split into {@link JobOptions#partitions()} tasks; each
 * executor runs as many tasks at once as it has cores, and all its tasks share one {@code DeepfakeDetector}
 * ({@link ExecutorDetectors}) — one copy of the models per executor JVM. Scores are then gathered into
 * {@link JobOptions#outputFiles()} files.
 *
 * <p><b>Failures.</b> A video that cannot be scored becomes a row with {@code error_code} and
 * {@code error_message}; it never fails the job. A job that does fail (a detector that cannot be built on any
 * executor, a lost cluster) leaves nothing at OUTPUT: see {@link AtomicOutput}.
 *
 * <p>The default models travel in the {@code deepfake-default-models} jar, so executors without internet need
 * nothing more for them; for other models set {@code DEEPFAKE4J_MODEL_MIRROR} and {@code DEEPFAKE4J_OFFLINE=1} in
 * their environment ({@code spark.executorEnv.*}); see this module's README.
 *
 * <p>Stateless; {@link #run} may be called again on the same session, also from several threads.
 */
public final class DeepfakeSparkJob {
    private static final Logger LOG = LoggerFactory.getLogger(DeepfakeSparkJob.class);
    /** Tasks per core when the partition count is automatic: smaller tasks even out long and short videos. */
    private static final int TASKS_PER_CORE = 4;

    private DeepfakeSparkJob() {
    }

    /**
     * Runs the job with the library's default detector at {@link JobOptions#frames()} frames per video.
     *
     * @param spark the session (any master: {@code local[N]}, YARN, Kubernetes, standalone)
     * @param options what to score and where to write
     * @return what was written
     * @throws IllegalArgumentException when INPUT is missing or OUTPUT exists (checked before any work)
     * @throws IOException when the file systems cannot be listed or the output cannot be committed; when the job
     *         itself fails, Spark throws its {@code SparkException} (undeclared, as Scala code does) and OUTPUT is
     *         left absent
     */
    public static JobSummary run(SparkSession spark, JobOptions options) throws IOException {
        return run(spark, options, new DefaultDetectorFactory(options.frames()));
    }

    /**
     * Runs the job with a detector of your own making ({@link JobOptions#frames()} is then ignored).
     *
     * @param spark the session
     * @param options what to score and where to write
     * @param detectors builds the detector on each executor; must have value equality (a record)
     * @return what was written
     * @throws IllegalArgumentException when INPUT is missing or OUTPUT exists (checked before any work)
     * @throws IOException when the file systems cannot be listed or the output cannot be committed
     */
    public static JobSummary run(SparkSession spark, JobOptions options, DetectorFactory detectors)
            throws IOException {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(detectors, "detectors");
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path target = AtomicOutput.checkFree(options.output(), hadoop);
        Dataset<String> paths = VideoInputs.read(spark, options.input());
        int partitions = options.partitions() > 0 ? options.partitions() : automaticPartitions(spark, paths);
        LOG.info("Scoring {} in {} tasks with {}, writing {} to {}", options.input(), partitions, detectors,
                options.format(), target);

        Dataset<Row> scores = paths.repartition(partitions)
                .mapPartitions(new VideoScoring(detectors), Encoders.row(ScoreTable.SCHEMA))
                // A shuffle, not coalesce: coalesce would shrink the scoring stage itself to outputFiles tasks.
                .repartition(options.outputFiles());
        AtomicOutput.write(scores, options.format(), target, hadoop);

        Dataset<Row> written = spark.read().format(options.format().sparkName()).schema(ScoreTable.SCHEMA)
                .load(target.toString());
        JobSummary summary = new JobSummary(target.toString(), written.count(),
                written.filter(col(ScoreTable.ERROR_CODE).isNotNull()).count());
        LOG.info("Wrote {}: {} videos, {} scored, {} failed", summary.output(), summary.videos(), summary.scored(),
                summary.failed());
        return summary;
    }

    private static int automaticPartitions(SparkSession spark, Dataset<String> paths) {
        long videos = paths.count();
        long slots = (long) spark.sparkContext().defaultParallelism() * TASKS_PER_CORE;
        return (int) Math.max(1, Math.min(videos, slots));
    }

    /**
     * The {@code spark-submit} entry point: {@code INPUT OUTPUT [--format parquet|json] [--frames N]
     * [--partitions N] [--output-files N]} (see {@link JobOptions}). Exits with 2 on a usage error, 1 when the job
     * fails, 0 when it wrote its table — also when some videos failed (their rows say why). Without
     * {@code spark-submit} (no {@code spark.master} system property) it runs in local mode on all cores.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        JobOptions options;
        try {
            options = JobOptions.parse(args);
        } catch (IllegalArgumentException e) {
            LOG.error("{}\n{}", e.getMessage(), JobOptions.USAGE);
            System.exit(2);
            return;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("deepfake4j: " + options.input());
        if (System.getProperty("spark.master") == null) {
            // Not launched by spark-submit (which sets spark.master): run on this machine's cores.
            LOG.info("No spark.master set: running locally on all cores (local[*])");
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        int exit = 0;
        try {
            run(spark, options);
        } catch (IllegalArgumentException e) {
            LOG.error("{}", e.getMessage());
            exit = 2;
        } catch (IOException | RuntimeException e) {
            LOG.error("Job failed; nothing was written to {}", options.output(), e);
            exit = 1;
        } finally {
            spark.stop();
            ExecutorDetectors.closeAll();
        }
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
