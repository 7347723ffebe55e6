package dev.deepfake4j.models.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 server on a raw socket that serves one payload and drops the connection after
 * {@code dropAfterBytes} body bytes for its first {@code drops} requests (a negative count drops every one). It
 * honours {@code Range: bytes=N-} with 206 unless told to ignore ranges, and records every request's headers.
 * Bounded: it answers at most {@code maxRequests} requests and waits at most 10 s for each.
 */
final class FlakyHttpServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final ServerSocket socket;
    private final byte[] payload;
    private final int drops;
    private final int dropAfterBytes;
    private final boolean ranges;
    private final String etag;
    private final Thread thread;
    /** One line per request: its request headers, lower-cased names, as "name: value" joined by '\n'. */
    final List<String> requests = new CopyOnWriteArrayList<>();

    FlakyHttpServer(byte[] payload, int drops, int dropAfterBytes, boolean ranges, String etag, int maxRequests)
            throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(10_000);
        this.payload = payload;
        this.drops = drops;
        this.dropAfterBytes = dropAfterBytes;
        this.ranges = ranges;
        this.etag = etag;
        this.thread = new Thread(() -> serve(maxRequests), "flaky-http");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** @return the Range header of request {@code i} (0-based), or null */
    String rangeOf(int i) {
        return header(i, "range");
    }

    String header(int i, String name) {
        for (String line : requests.get(i).split("\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2);
            }
        }
        return null;
    }

    private void serve(int maxRequests) {
        for (int n = 0; n < maxRequests && !socket.isClosed(); n++) {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(10_000);
                answer(s, n);
            } catch (SocketTimeoutException e) {
                return;
            } catch (IOException e) {
                // the client gave up on this connection; serve the next one
            }
        }
    }

    private void answer(Socket s, int n) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        StringBuilder headers = new StringBuilder();
        long from = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                headers.append(name).append(": ").append(value).append('\n');
                Matcher m = RANGE.matcher(value);
                if (name.equals("range") && ranges && m.matches()) {
                    from = Long.parseLong(m.group(1));
                }
            }
        }
        requests.add(headers.toString());
        String status = from > 0 ? "206 Partial Content" : "200 OK";
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + "\r\n")
                .append("Content-Length: ").append(payload.length - from).append("\r\n")
                .append("Connection: close\r\n");
        if (from > 0) {
            head.append("Content-Range: bytes ").append(from).append('-').append(payload.length - 1).append('/')
                    .append(payload.length).append("\r\n");
        }
        if (etag != null) {
            head.append("ETag: ").append(etag).append("\r\n");
        }
        OutputStream out = s.getOutputStream();
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        boolean drop = drops < 0 || n < drops;
        int end = drop ? (int) Math.min(payload.length, from + dropAfterBytes) : payload.length;
        out.write(payload, (int) from, end - (int) from);
        out.flush();
        // closing with bytes still owed is the dropped connection
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
