package dev.deepfake4j.spark;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoReport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the paths of one partition with this executor's detector, one row per path, in order. Runs on executors.
 *
 * <p>A video that fails — not found, not a video, undecodable, a backend error — becomes a row with
 * {@code error_code} set; it never fails the task. What does fail the task, so that Spark retries it (elsewhere):
 * a detector that cannot be built (a broken executor, not a broken video), the task being killed, and
 * {@link Error}s such as running out of memory.
 *
 * <p>Rows are produced lazily, one video at a time, so a partition of any size holds one report in memory.
 * Instances are immutable and serializable; Spark calls {@link #call} on many task threads at once.
 */
final class VideoScoring implements MapPartitionsFunction<String, Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(VideoScoring.class);

    private final DetectorFactory factory;

    VideoScoring(DetectorFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public Iterator<Row> call(Iterator<String> paths) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return paths.hasNext();
            }

            @Override
            public Row next() {
                return score(paths.next());
            }
        };
    }

    private Row score(String path) {
        DeepfakeDetector detector;
        try {
            // Looked up per video (a map lookup) rather than per partition: the detector is only built when a
            // partition has work, and a detector closed by closeAll() is replaced.
            detector = ExecutorDetectors.get(factory);
        } catch (DeepfakeException e) {
            throw new IllegalStateException("Cannot build the detector on " + Host.NAME + " (" + e.code() + "): "
                    + e.getMessage(), e);
        }
        long start = System.nanoTime();
        try (HadoopVideo video = HadoopVideo.open(path)) {
            VideoReport report = detector.analyze(video.input());
            return ScoreTable.scored(path, report, Host.NAME);
        } catch (DeepfakeException e) {
            if (e.code() == ErrorCode.CANCELLED && Thread.currentThread().isInterrupted()) {
                // Spark is killing this task (job cancelled, speculative copy lost): no row, the task ends.
                throw new IllegalStateException("Task killed while scoring " + path, e);
            }
            LOG.debug("{} failed: {}", path, e.toString());
            return ScoreTable.failed(path, e, millisSince(start), Host.NAME);
        } catch (IllegalStateException e) {
            throw e; // the detector was closed under us: the executor is stopping
        } catch (RuntimeException e) {
            // A bug or backend surprise on one video must not cost the other videos of the job.
            LOG.error("Unexpected failure scoring {}", path, e);
            return ScoreTable.failed(path, new DeepfakeException(ErrorCode.BACKEND_FAILURE,
                    "Unexpected failure scoring " + path + ": " + e, null, e), millisSince(start), Host.NAME);
        }
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** This executor's host name, looked up once. */
    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "unknown";
            }
        }
    }
}
