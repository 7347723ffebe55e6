package dev.deepfake4j.spark;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detectors of this JVM: one per distinct {@link DetectorFactory} value, built on first use by whichever task
 * needs it first and shared by every task thread of the executor ({@link DeepfakeDetector} is thread-safe).
 *
 * <p><b>Why per JVM and not per task.</b> Building a detector loads the face detector and classifier models and
 * starts their native sessions; doing that per task (per partition) would repeat it hundreds of times per
 * executor. Spark runs many tasks in one executor JVM, one per core, so a static holder gives one detector — one
 * copy of the models in memory — per executor.
 *
 * <p><b>When detectors are closed.</b> Spark has no executor-side "end of task set" event: the tasks of a stage are
 * spread over executors and none of them knows it is its executor's last one, and closing on each task's
 * completion would bring back the per-task cost. So detectors live as long as their executor, and are closed
 * <ul>
 *   <li>when the executor stops, by {@link DeepfakeSparkPlugin} (set {@code spark.plugins} to it — runs inside
 *       Spark's orderly shutdown, before the JVM exits);</li>
 *   <li>otherwise by a JVM shutdown hook installed with the first detector (covers executors that are killed or
 *       whose plugin was not configured);</li>
 *   <li>or explicitly by {@link #closeAll()} — for a long-lived driver in local mode (tests, notebooks), where the
 *       "executor" is the driver's own JVM and would otherwise keep its detector until it exits.</li>
 * </ul>
 * Closing waits for videos in flight ({@link DeepfakeDetector#close()}); a task that asks for a detector after
 * {@code closeAll} gets a new one, except once the JVM is shutting down, where it gets an
 * {@link IllegalStateException} and fails (Spark retries it elsewhere).
 *
 * <p><b>Thread safety.</b> All methods are thread-safe. A detector is built under this class's lock, so the other
 * task threads of the executor wait for it instead of building their own.
 */
public final class ExecutorDetectors {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorDetectors.class);
    /** More distinct factories than this in one JVM usually means a factory without value equality. */
    private static final int MANY_DETECTORS = 4;

    private static final Map<DetectorFactory, DeepfakeDetector> DETECTORS = new LinkedHashMap<>();
    private static boolean shutdownHookInstalled;
    private static boolean shuttingDown;
    private static int built;

    private ExecutorDetectors() {
    }

    /**
     * @param factory what detector is wanted; equal factories share one detector
     * @return this JVM's detector for {@code factory}, built now if this is the first request; owned by this class —
     *         callers must not close it
     * @throws DeepfakeException when the detector cannot be built (nothing is kept; the next call tries again)
     * @throws IllegalStateException when the JVM is shutting down
     */
    public static synchronized DeepfakeDetector get(DetectorFactory factory) throws DeepfakeException {
        Objects.requireNonNull(factory, "factory");
        if (shuttingDown) {
            throw new IllegalStateException("this JVM is shutting down; no detector for " + factory);
        }
        DeepfakeDetector detector = DETECTORS.get(factory);
        if (detector != null) {
            return detector;
        }
        installShutdownHook();
        long start = System.nanoTime();
        detector = Objects.requireNonNull(factory.create(), "DetectorFactory.create() returned null");
        built++;
        DETECTORS.put(factory, detector);
        LOG.info("Built detector {} for {} in {} ms ({} in this JVM)", detector.describe(), factory,
                (System.nanoTime() - start) / 1_000_000, DETECTORS.size());
        if (DETECTORS.size() > MANY_DETECTORS) {
            LOG.warn("{} detectors in one JVM: does {} implement equals/hashCode (a record)? Without them every task "
                    + "builds its own detector", DETECTORS.size(), factory.getClass().getName());
        }
        return detector;
    }

    /**
     * Closes every detector of this JVM, waiting for videos in flight. Idempotent; later {@link #get} calls build
     * new detectors.
     */
    public static void closeAll() {
        List<DeepfakeDetector> toClose;
        synchronized (ExecutorDetectors.class) {
            toClose = new ArrayList<>(DETECTORS.values());
            DETECTORS.clear();
        }
        // Outside the lock: close() waits for videos in flight, and their tasks may be about to call get().
        for (DeepfakeDetector d : toClose) {
            try {
                d.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing detector {} failed", d.describe(), e);
            }
        }
        if (!toClose.isEmpty()) {
            LOG.info("Closed {} detector(s)", toClose.size());
        }
    }

    /** @return how many detectors this JVM holds now */
    static synchronized int open() {
        return DETECTORS.size();
    }

    /** @return how many detectors this JVM has built since it started */
    static synchronized int built() {
        return built;
    }

    private static void installShutdownHook() {
        if (shutdownHookInstalled) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (ExecutorDetectors.class) {
                shuttingDown = true;
            }
            closeAll();
        }, "deepfake4j-close-detectors"));
        shutdownHookInstalled = true;
    }
}
