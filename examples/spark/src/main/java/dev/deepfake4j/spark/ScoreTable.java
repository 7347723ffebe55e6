package dev.deepfake4j.spark;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.StageTimings;
import dev.deepfake4j.VideoReport;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The table {@link DeepfakeSparkJob} writes: one row per input path, scored or failed. Column names follow the
 * command line's JSON ({@code p_fake}, {@code timings_ms}), flattened so that SQL can filter and aggregate them.
 *
 * <table>
 *   <caption>Columns</caption>
 *   <tr><th>column</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>{@code path}</td><td>string</td><td>the input path as listed; never null</td></tr>
 *   <tr><td>{@code p_fake}</td><td>double</td><td>probability that the video is fake, in [0.01, 0.99]; null when
 *       it failed</td></tr>
 *   <tr><td>{@code label}</td><td>string</td><td>{@code FAKE} or {@code REAL} at the detector's threshold (0.5, see
 *       {@link dev.deepfake4j.Label#of});
 *       null when it failed</td></tr>
 *   <tr><td>{@code faces}</td><td>int</td><td>faces kept across all sampled frames; null when it failed</td></tr>
 *   <tr><td>{@code tracks}</td><td>int</td><td>face tracks (people) kept; null when it failed</td></tr>
 *   <tr><td>{@code error_code}</td><td>string</td><td>the {@link dev.deepfake4j.ErrorCode} name when it failed,
 *       else null</td></tr>
 *   <tr><td>{@code error_message}</td><td>string</td><td>what failed and what to do, when it failed</td></tr>
 *   <tr><td>{@code decode_ms}, {@code locate_ms}, {@code classify_ms}</td><td>double</td><td>milliseconds spent
 *       in each stage (stages overlap, so they may add up to more than the total); null when it failed</td></tr>
 *   <tr><td>{@code total_ms}</td><td>double</td><td>milliseconds from opening the file to the report, or to the
 *       failure</td></tr>
 *   <tr><td>{@code host}</td><td>string</td><td>the executor host that scored it</td></tr>
 * </table>
 *
 * <p>Immutable; thread-safe.
 */
public final class ScoreTable {
    /** The input path as listed. */
    public static final String PATH = "path";
    /** Probability of fake. */
    public static final String P_FAKE = "p_fake";
    /** FAKE or REAL. */
    public static final String LABEL = "label";
    /** Faces kept across all sampled frames. */
    public static final String FACES = "faces";
    /** Face tracks kept. */
    public static final String TRACKS = "tracks";
    /** The error code name of a failed video. */
    public static final String ERROR_CODE = "error_code";
    /** The error message of a failed video. */
    public static final String ERROR_MESSAGE = "error_message";
    /** Decoding time in milliseconds. */
    public static final String DECODE_MS = "decode_ms";
    /** Face location time in milliseconds. */
    public static final String LOCATE_MS = "locate_ms";
    /** Classification time in milliseconds. */
    public static final String CLASSIFY_MS = "classify_ms";
    /** Total time in milliseconds. */
    public static final String TOTAL_MS = "total_ms";
    /** The executor host. */
    public static final String HOST = "host";

    /** The schema of the output, columns in the order above. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(PATH, DataTypes.StringType, false),
        DataTypes.createStructField(P_FAKE, DataTypes.DoubleType, true),
        DataTypes.createStructField(LABEL, DataTypes.StringType, true),
        DataTypes.createStructField(FACES, DataTypes.IntegerType, true),
        DataTypes.createStructField(TRACKS, DataTypes.IntegerType, true),
        DataTypes.createStructField(ERROR_CODE, DataTypes.StringType, true),
        DataTypes.createStructField(ERROR_MESSAGE, DataTypes.StringType, true),
        DataTypes.createStructField(DECODE_MS, DataTypes.DoubleType, true),
        DataTypes.createStructField(LOCATE_MS, DataTypes.DoubleType, true),
        DataTypes.createStructField(CLASSIFY_MS, DataTypes.DoubleType, true),
        DataTypes.createStructField(TOTAL_MS, DataTypes.DoubleType, true),
        DataTypes.createStructField(HOST, DataTypes.StringType, true),
    });

    private ScoreTable() {
    }

    /**
     * @param path the input path as listed
     * @param report the detector's report
     * @param host the executor host
     * @return the row of a scored video
     */
    static Row scored(String path, VideoReport report, String host) {
        StageTimings t = report.timings();
        return RowFactory.create(path, report.pFake(), report.label().name(), report.faceCount(),
                report.tracks().size(), null, null, t.decodeMillis(), t.locateMillis(), t.classifyMillis(),
                t.totalMillis(), host);
    }

    /**
     * @param path the input path as listed
     * @param error why it failed
     * @param elapsedMillis time until the failure, in milliseconds
     * @param host the executor host
     * @return the row of a video that failed
     */
    static Row failed(String path, DeepfakeException error, double elapsedMillis, String host) {
        return RowFactory.create(path, null, null, null, null, error.code().name(), error.getMessage(), null, null,
                null, elapsedMillis, host);
    }
}
