package dev.deepfake4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.testing.TestAssets;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad uploads, limits and load over loopback: each test starts its own server (port 0, its own upload folder) on
 * one shared 8-frame detector, and checks that the service still answers afterwards and left no file behind.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServiceLimitsTest {
    private static final String CLIP = "videos/labelled/ffpp/Deepfakes_003_000.mp4";
    private static DeepfakeDetector detector;
    private static byte[] clip;

    @TempDir
    Path uploads;

    @BeforeAll
    static void detector() throws Exception {
        clip = Files.readAllBytes(TestAssets.require(CLIP));
        detector = DeepfakeDetector.builder().sampler(FrameSampler.uniform(8)).build();
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    private ScoringServer start(Consumer<ServerOptions.Builder> limits) throws Exception {
        ServerOptions.Builder b = ServerOptions.builder().port(0).tempDir(uploads);
        limits.accept(b);
        return ScoringServer.start(detector, b.build());
    }

    private void assertStillServes(ScoringServer server) throws Exception {
        HttpResponse<String> r = Loopback.postRaw(server, clip);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Loopback.json(r).get("frames")).hasSize(8);
        assertThat(Loopback.awaitEmpty(uploads, Duration.ofSeconds(10))).as("files left in " + uploads).isZero();
    }

    @Test
    void garbageIs400AndTheNextGoodRequestSucceeds() throws Exception {
        try (ScoringServer server = start(b -> { })) {
            byte[] garbage = new byte[200_000];
            new Random(17).nextBytes(garbage);
            HttpResponse<String> r = Loopback.postRaw(server, garbage);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            JsonNode err = Loopback.json(r).get("error");
            assertThat(err.get("code").asText()).isIn("NOT_A_VIDEO", "DECODE_FAILED", "UNSUPPORTED_INPUT");
            assertThat(err.get("message").asText()).isNotBlank().doesNotContain(uploads.toString());
            assertThat(Loopback.filesIn(uploads)).isZero();

            HttpResponse<String> empty = Loopback.postRaw(server, new byte[0]);
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(Loopback.json(empty).at("/error/code").asText()).isEqualTo("NOT_A_VIDEO");

            HttpResponse<String> noFilePart = Loopback.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                            Loopback.uri(server, "/v1/score"))
                    .header("Content-Type", "multipart/form-data; boundary=b")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noFilePart.statusCode()).isEqualTo(400);
            assertThat(Loopback.json(noFilePart).at("/error/code").asText()).isEqualTo("BAD_REQUEST");
            assertStillServes(server);
        }
    }

    @Test
    void anUploadOverTheLimitIs413() throws Exception {
        try (ScoringServer server = start(b -> b.maxUploadBytes(100_000))) {
            HttpResponse<String> r = Loopback.postRaw(server, clip);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(Loopback.json(r).at("/error/code").asText()).isEqualTo("TOO_LARGE");
            HttpResponse<String> multipart = Loopback.postMultipart(server, "big.mp4", clip);
            assertThat(multipart.statusCode()).isEqualTo(413);
            // A client that waits for 100 Continue is refused on its headers; it never has to send the body.
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                        + "Content-Length: 5000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(answer).isEqualTo("HTTP/1.1 413");
            }
            assertThat(Loopback.awaitEmpty(uploads, Duration.ofSeconds(10))).isZero();
            assertThat(Loopback.get(server, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aTruncatedBodyLeavesNoFileAndTheServiceGoesOn() throws Exception {
        try (ScoringServer server = start(b -> { })) {
            try (Socket s = partialUpload(server, clip.length / 3)) {
                assertThat(s.isConnected()).isTrue();
            } // closed with two thirds of the body missing
            assertThat(Loopback.awaitEmpty(uploads, Duration.ofSeconds(10))).isZero();
            assertStillServes(server);
            assertThat(Loopback.get(server, "/metrics").body())
                    .contains("deepfake4j_http_requests_total{endpoint=\"/v1/score\",status=\"400\"} 1.0")
                    .contains("deepfake4j_score_requests_in_flight 0.0");
        }
    }

    @Test
    void aClientThatStopsSendingIsCutOffAtTheReadTimeout() throws Exception {
        try (ScoringServer server = start(b -> b.readTimeout(Duration.ofMillis(800)))) {
            String answer;
            try (Socket s = partialUpload(server, clip.length / 2)) {
                Thread.sleep(400);
                assertThat(Loopback.filesIn(uploads)).as("the half upload is being spooled").isOne();
                answer = readAll(s.getInputStream()); // the server answers 408 at the read timeout, then closes
            }
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"UPLOAD_TIMEOUT\"")
                    .contains("Connection: close");
            assertThat(Loopback.awaitEmpty(uploads, Duration.ofSeconds(10))).isZero();
            assertStillServes(server);
        }
    }

    @Test
    void concurrentUploadsBeyondConcurrencyAndQueueAre503WithRetryAfter() throws Exception {
        int clients = 6;
        try (ScoringServer server = start(b -> b.concurrency(1).queue(1))) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return Loopback.postRaw(server, clip);
                    }));
                }
                go.countDown();
                int ok = 0;
                int busy = 0;
                for (Future<HttpResponse<String>> f : answers) {
                    HttpResponse<String> r = f.get(90, TimeUnit.SECONDS);
                    assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
                    if (r.statusCode() == 200) {
                        ok++;
                    } else {
                        busy++;
                        assertThat(r.headers().firstValue("Retry-After")).isPresent();
                        assertThat(Loopback.json(r).at("/error/code").asText()).isEqualTo("BUSY");
                    }
                }
                assertThat(ok).as("answered 200").isBetween(1, 2);
                assertThat(busy).as("answered 503").isGreaterThanOrEqualTo(clients - 2);
                String metrics = Loopback.get(server, "/metrics").body();
                assertThat(metrics).contains("deepfake4j_http_requests_total{endpoint=\"/v1/score\",status=\"200\"} "
                        + ok + ".0");
                assertThat(metrics).contains("deepfake4j_http_requests_total{endpoint=\"/v1/score\",status=\"503\"} "
                        + busy + ".0");
                assertThat(metrics).contains("deepfake4j_scoring_seconds_count " + ok);
            } finally {
                pool.shutdownNow();
            }
            assertStillServes(server);
        }
    }

    @Test
    void scoringPastTheRequestTimeoutIs504() throws Exception {
        try (ScoringServer server = start(b -> b.requestTimeout(Duration.ofMillis(20)))) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = Loopback.postRaw(server, clip);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
            // The interrupted scoring stopped by itself: the answer did not wait out the 5 s grace.
            assertThat(millis).isLessThan(4_000);
            assertThat(Loopback.json(r).at("/error/code").asText()).isEqualTo("TIMEOUT");
            assertThat(Loopback.awaitEmpty(uploads, Duration.ofSeconds(10))).isZero();
        }
    }

    @Test
    void healthMetricsAndUnknownRoutes() throws Exception {
        try (ScoringServer server = start(b -> { })) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> h = Loopback.get(server, "/healthz");
                assertThat(h.statusCode()).isEqualTo(200);
                assertThat(h.body().trim()).isEqualTo("{\"status\":\"ok\"}");
            }
            HttpResponse<String> missing = Loopback.get(server, "/nope");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(Loopback.json(missing).at("/error/code").asText()).isEqualTo("NOT_FOUND");
            HttpResponse<String> wrongMethod = Loopback.get(server, "/v1/score");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");

            HttpResponse<String> m = Loopback.get(server, "/metrics");
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(m.body())
                    .contains("# TYPE deepfake4j_http_requests_total counter")
                    .contains("deepfake4j_http_requests_total{endpoint=\"/healthz\",status=\"200\"} 3.0")
                    .contains("deepfake4j_http_requests_total{endpoint=\"other\",status=\"404\"} 1.0")
                    .contains("# TYPE deepfake4j_scoring_seconds histogram")
                    .contains("deepfake4j_score_requests_in_flight 0.0");
        }
    }

    /** A raw connection that announces the whole clip but sends only its first {@code sent} bytes. */
    private static Socket partialUpload(ScoringServer server, int sent) throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + clip.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(clip, 0, sent);
        out.flush();
        return s;
    }

    private static String readAll(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed a stalled upload within 10 s", e);
        } catch (java.net.SocketException e) {
            // reset after the answer: what was read so far is checked
        }
        return sb.toString();
    }
}
