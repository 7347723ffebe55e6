package dev.deepfake4j.spark;

import org.apache.spark.sql.SparkSession;

/** Local Spark sessions for tests: small, quiet, bound to the loopback interface. */
final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * @param threads task threads (cores) of the local executor
     * @return a builder with the settings every test session shares
     */
    static SparkSession.Builder local(int threads) {
        return SparkSession.builder()
                .master("local[" + threads + "]")
                .appName("deepfake4j-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.hadoop.fs." + LocalDiskAsRemoteFileSystem.SCHEME + ".impl",
                        LocalDiskAsRemoteFileSystem.class.getName());
    }
}
