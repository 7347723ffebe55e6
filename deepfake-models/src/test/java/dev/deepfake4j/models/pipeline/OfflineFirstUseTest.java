package dev.deepfake4j.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.models.registry.RegistryConfig;
import dev.deepfake4j.testing.TestAssets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mission's first use, end to end: a fresh JVM with an empty model cache, no mirror and no network scores a
 * clip with {@code DeepfakeDetector.builder().build()} and gets the golden p_fake, because the two default models
 * travel on the class path ({@code deepfake-default-models}). The build's test environment names a mirror and a
 * cache for every test (parent pom, surefire); the child clears both, so only the bundled copies can serve.
 */
class OfflineFirstUseTest {
    static final String CLIP = "ffpp/youtube_519.mp4";

    @TempDir
    Path tmp;

    @Test
    void a_fresh_jvm_without_network_mirror_or_cache_scores_a_clip_with_the_defaults() throws Exception {
        Path clip = TestAssets.require("videos/labelled/" + CLIP);
        Path home = Files.createDirectories(tmp.resolve("home"));
        // an argument file keeps the command line short (ONNX Runtime's telemetry chokes on long ones)
        Path args = tmp.resolve("java.args");
        Files.writeString(args, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n",
                StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + args,
                // no network: any HTTP(S) connection would go to a closed port on the loopback interface
                "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9", "-Dhttps.proxyHost=127.0.0.1",
                "-Dhttps.proxyPort=9", "-Dhttp.nonProxyHosts=", "-Xmx1g",
                ScoreWithDefaultsMain.class.getName(), clip.toString());
        Map<String, String> env = pb.environment();
        env.remove(RegistryConfig.MIRROR_ENV);
        env.put(RegistryConfig.HOME_ENV, home.toString());
        env.put(RegistryConfig.OFFLINE_ENV, "1");
        env.put("ORT_DISABLE_TELEMETRY", "1");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("child finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(p.exitValue()).as("child exit; stdout %s; stderr %s", lines, Files.readString(err)).isZero();

        String pFake = lines.stream().filter(l -> l.startsWith("p_fake ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(pFake.substring("p_fake ".length())))
                .isCloseTo(GoldenScoresTest.of(CLIP).pFake(), within(GoldenScoresTest.DEFAULT_TOLERANCE));
        assertThat(lines).contains("origin yunet-s BUNDLED", "origin mesonet4-df BUNDLED");
        try (Stream<Path> files = Files.list(home.resolve("models"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("the cache holds the copied defaults and the ONNX model imported from the Keras weights")
                    .contains("yunet_s_640_640.onnx", "Meso4_DF.h5", "mesonet4-df.onnx")
                    .noneMatch(n -> n.endsWith(".part"));
        }
        assertThat(Files.size(home.resolve("models/yunet_s_640_640.onnx"))).isEqualTo(232_589);
        assertThat(Files.size(home.resolve("models/Meso4_DF.h5"))).isEqualTo(156_128);
    }
}
