package dev.deepfake4j.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Closes the executors' detectors when Spark stops an executor, inside Spark's orderly shutdown rather than in a
 * JVM shutdown hook. Enable it with {@code --conf spark.plugins=dev.deepfake4j.spark.DeepfakeSparkPlugin}; without
 * it, {@link ExecutorDetectors}' shutdown hook does the same job a little later. In local mode the executor plugin
 * runs in the driver's JVM and closes its detectors at {@code SparkSession.stop()}.
 *
 * <p>Spark creates one instance per driver and executor; it holds no state.
 */
public final class DeepfakeSparkPlugin implements SparkPlugin {
    /** Creates the plugin; Spark calls this by reflection. */
    public DeepfakeSparkPlugin() {
    }

    /** @return {@code null}: the driver needs no plugin */
    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    /** @return a plugin that closes this executor's detectors when the executor stops */
    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                // Detectors are built lazily by the first task that needs one, not at executor start.
            }

            @Override
            public void shutdown() {
                ExecutorDetectors.closeAll();
            }
        };
    }

    @Override
    public String toString() {
        return "DeepfakeSparkPlugin";
    }
}
