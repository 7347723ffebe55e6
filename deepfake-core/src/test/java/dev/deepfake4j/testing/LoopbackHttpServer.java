package dev.deepfake4j.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A file served over HTTP on 127.0.0.1 only (an ephemeral port), with byte ranges ({@code Accept-Ranges: bytes},
 * {@code 206} answers to {@code Range: bytes=a-} and {@code bytes=a-b}), so FFmpeg's http protocol can seek in it
 * as a CDN or object store would let it; over HTTPS too, with the caller's TLS context. For tests; closes its threads
 * on {@link #close()}.
 */
public final class LoopbackHttpServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final byte[] body;
    private final AtomicInteger requests = new AtomicInteger();

    private final String scheme;

    private LoopbackHttpServer(byte[] body, SSLContext tls) throws IOException {
        this.body = body;
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls != null) {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
            this.scheme = "https";
        } else {
            this.server = HttpServer.create(loopback, 0);
            this.scheme = "http";
        }
        server.createContext("/", this::serve);
        server.setExecutor(threads);
        server.start();
    }

    /** @param file the file to serve at every path @return the running server */
    public static LoopbackHttpServer serving(Path file) {
        try {
            return new LoopbackHttpServer(Files.readAllBytes(file), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file the file to serve at every path
     * @param tls the server's TLS context (its key and certificate)
     * @return the running server, answering {@code https} only
     */
    public static LoopbackHttpServer servingTls(Path file, SSLContext tls) {
        try {
            return new LoopbackHttpServer(Files.readAllBytes(file), tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param name the last path segment @return {@code http://127.0.0.1:PORT/name} (or {@code https://}) */
    public URI uri(String name) {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
    }

    /** @return how many requests were answered */
    public int requests() {
        return requests.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            String range = exchange.getRequestHeaders().getFirst("Range");
            Matcher m = range == null ? null : RANGE.matcher(range.trim());
            int from = 0;
            int to = body.length - 1;
            int status = 200;
            if (m != null && m.matches()) {
                from = Integer.parseInt(m.group(1));
                if (!m.group(2).isEmpty()) {
                    to = Math.min(to, Integer.parseInt(m.group(2)));
                }
                if (from >= body.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
            }
            int length = to - from + 1;
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body, from, length);
                } catch (IOException clientWentAway) {
                    // FFmpeg closes a connection when it seeks elsewhere; that is not a failure of the test
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
