package dev.deepfake4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** A JDK HTTP client for a test's server on 127.0.0.1, with bounded timeouts. */
final class Loopback {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Loopback() {
    }

    static URI uri(ScoringServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static HttpResponse<String> postRaw(ScoringServer server, byte[] body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(server, "/v1/score"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postMultipart(ScoringServer server, String fileName, byte[] video)
            throws IOException, InterruptedException {
        String boundary = "deepfake4j-test-boundary-7c1e";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(video);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return CLIENT.send(HttpRequest.newBuilder(uri(server, "/v1/score"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(ScoringServer server, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(server, path)).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return ReportJson.MAPPER.readTree(r.body());
    }

    static long filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    /** Waits (at most {@code limit}) until the folder is empty; @return how many files are left. */
    static long awaitEmpty(Path dir, Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        long n;
        while ((n = filesIn(dir)) > 0 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return n;
    }
}
