package dev.deepfake4j.video.ffmpeg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server that answers every request with the whole length declared and half the body sent, then
 * goes silent until closed: a stalled network input. For tests; {@link #close()} releases and stops it.
 */
final class StallingHttpServer implements AutoCloseable {
    private final ServerSocket listener;
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    StallingHttpServer(byte[] body) throws IOException {
        listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(body), "stalling-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return {@code http://127.0.0.1:PORT/clip.mp4} */
    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/clip.mp4");
    }

    /** @return {@code 127.0.0.1:PORT}, as messages name it */
    String authority() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    private void serve(byte[] body) {
        try {
            while (release.getCount() > 0) {
                try (Socket s = listener.accept()) {
                    readHeaders(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    release.await(3, TimeUnit.SECONDS);
                }
            }
        } catch (IOException | InterruptedException closed) {
            // the listener was closed
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int last4 = 0;
        for (int b; (b = in.read()) >= 0; ) {
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        release.countDown();
        listener.close();
        thread.join(5000);
    }
}
