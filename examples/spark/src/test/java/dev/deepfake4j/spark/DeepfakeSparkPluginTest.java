package dev.deepfake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepfakeSparkPluginTest {
    @Test
    void stoppingTheExecutorClosesItsDetector(@TempDir Path work) throws IOException {
        Path video = TestAssets.require("videos/labelled/ffpp/Deepfakes_003_000.mp4");
        Path list = Files.write(work.resolve("one.txt"), java.util.List.of(video.toString()));
        ExecutorDetectors.closeAll();
        SparkSession spark = SparkSessions.local(1)
                .config("spark.plugins", DeepfakeSparkPlugin.class.getName()).getOrCreate();
        try {
            DeepfakeSparkJob.run(spark, JobOptions.of(list.toString(), work.resolve("out").toString()).withFrames(4));
            assertThat(ExecutorDetectors.open()).isEqualTo(1);
        } finally {
            spark.stop();
        }
        assertThat(ExecutorDetectors.open()).isZero();
    }
}
