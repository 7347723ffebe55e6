package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.testing.TestAssets;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepfake4j serve} on a free loopback port answers what {@code score --json} prints for the same clip. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeCommandTest extends ConsoleCapture {
    private static final Pattern LISTENING = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+/)");
    private final PrintStream[] saved = {System.out, System.err};

    @TempDir
    Path uploads;

    @Test
    void serveAnswersTheScoreJsonOfTheClip() throws Exception {
        Path clip = TestAssets.require("videos/labelled/ffpp/Deepfakes_003_000.mp4");
        assertThat(Main.execute("score", "--json", "--frames", "8", clip.toString())).isZero();
        JsonNode printed = new ObjectMapper().readTree(out().trim());

        AtomicInteger exit = new AtomicInteger(-1);
        Thread serve = new Thread(() -> exit.set(Main.execute("serve", "--port", "0", "--frames", "8",
                "--upload-dir", uploads.toString())), "serve-under-test");
        serve.start();
        try {
            URI base = awaitListening(serve);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/v1/score"))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofFile(clip)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode served = new ObjectMapper().readTree(r.body());
            assertThat(served.get("p_fake")).isEqualTo(printed.get("p_fake"));
            assertThat(served.get("label")).isEqualTo(printed.get("label"));
            assertThat(served.get("frames").size()).isEqualTo(8);
            assertThat(served.get("path").asText()).isEqualTo("-");
            assertThat(uploads).isEmptyDirectory();
        } finally {
            serve.interrupt();
            serve.join(30_000);
        }
        assertThat(serve.isAlive()).as("serve stopped when interrupted").isFalse();
        assertThat(exit.get()).as(err()).isZero();
    }

    @Test
    void badLimitsAreUsageErrors() {
        assertThat(Main.execute("serve", "--max-upload", "lots")).isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.execute("serve", "--timeout", "0")).isEqualTo(Main.EXIT_USAGE);
        assertThat(ServeCommand.bytes("512k")).isEqualTo(512L * 1024);
        assertThat(ServeCommand.bytes("200M")).isEqualTo(200L << 20);
        assertThat(ServeCommand.bytes("1000")).isEqualTo(1000);
    }

    private URI awaitListening(Thread serve) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end && serve.isAlive()) {
            Matcher m = LISTENING.matcher(err());
            if (m.find()) {
                return URI.create(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not say where it listens: " + err());
    }
}
