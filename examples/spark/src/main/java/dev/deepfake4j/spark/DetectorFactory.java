package dev.deepfake4j.spark;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import java.io.Serializable;

/**
 * Builds the {@link DeepfakeDetector} an executor uses. The factory travels from the driver to every executor
 * (it is serialized with the job), and {@link ExecutorDetectors} builds one detector per executor JVM for each
 * distinct factory <em>value</em>.
 *
 * <p><b>Value equality is required.</b> Implement factories as records (or classes with {@code equals} and
 * {@code hashCode} over their settings): each task deserializes its own copy of the factory, and only equal copies
 * share a detector. A lambda deserializes as a new object per task and would build a detector per task.
 *
 * <p>{@link #create()} runs on executors, once per JVM, possibly while other task threads wait for it; it must be
 * safe to call on any thread.
 */
public interface DetectorFactory extends Serializable {
    /**
     * @return a new detector; the caller ({@link ExecutorDetectors}) owns and closes it
     * @throws DeepfakeException when the detector cannot be built (a missing model, a missing module); this fails
     *         the task — it is a broken executor, not a broken video
     */
    DeepfakeDetector create() throws DeepfakeException;
}
