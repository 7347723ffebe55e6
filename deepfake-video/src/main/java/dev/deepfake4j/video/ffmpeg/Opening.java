package dev.deepfake4j.video.ffmpeg;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the container's bytes are reached: the URL given to {@code avformat_open_input}, the options set on it
 * (always {@code protocol_whitelist}), and the custom I/O context, if any.
 *
 * @param url the URL ({@code file:} + an absolute path, a network URL, or empty with custom I/O)
 * @param settings {@code avformat_open_input} options
 * @param io custom I/O that stays owned by the caller, or {@code null}
 * @param stallTimeout for a network input, the longest wait for data ({@code rw_timeout}); else {@code null}
 */
record Opening(String url, Map<String, String> settings, CustomIo io, Duration stallTimeout) {
    /**
     * The protocols each allowed scheme needs beneath it, so that the whitelist holds exactly what was allowed plus
     * its transports: {@code http} runs over {@code tcp}; {@code https} over {@code tls} over {@code tcp}; RTMP and
     * FTP over {@code tcp}; RTSP over {@code rtp}, {@code udp} and {@code tcp}. A scheme not listed gets nothing more.
     */
    static final Map<String, List<String>> TRANSPORTS = Map.of(
            "http", List.of("tcp"),
            "https", List.of("tls", "tcp"),
            "rtmp", List.of("tcp"),
            "rtmps", List.of("tls", "tcp"),
            "rtsp", List.of("rtp", "udp", "tcp"),
            "rtsps", List.of("tls", "rtp", "udp", "tcp"),
            "ftp", List.of("tcp"));

    /**
     * "file:" + an absolute path: a file named like a protocol ("pipe:3.mp4", "http:x.mp4") is read as the file it
     * is. The whitelist keeps FFmpeg from following references inside a file (an HLS playlist, a concat list) to
     * any other protocol, e.g. the network.
     */
    static Opening file(Path file) {
        return new Opening("file:" + file.toAbsolutePath(), Map.of("protocol_whitelist", "file"), null, null);
    }

    /** Custom I/O: no protocol at all may be opened (no name matches "none"), so a file cannot reach out. */
    static Opening custom(CustomIo io) {
        return new Opening("", Map.of("protocol_whitelist", "none"), io, null);
    }

    /**
     * A network URL: the whitelist is the allowed schemes and their {@link #TRANSPORTS} ({@code file} never), and
     * {@code timeout} (connect and socket I/O, for tcp/http) and {@code rw_timeout} (every read) are set, both
     * in microseconds; with a CA file, TLS verifies the server against it ({@code tls_verify}, {@code ca_file}).
     */
    static Opening network(URI uri, Set<String> allowed, Duration timeout, Optional<Path> caFile) {
        Set<String> whitelist = new LinkedHashSet<>();
        for (String scheme : allowed) {
            whitelist.add(scheme);
            whitelist.addAll(TRANSPORTS.getOrDefault(scheme, List.of()));
        }
        long micros = timeout.toNanos() / 1000;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("protocol_whitelist", String.join(",", whitelist));
        settings.put("timeout", Long.toString(micros));
        settings.put("rw_timeout", Long.toString(micros));
        caFile.ifPresent(ca -> {
            settings.put("tls_verify", "1");
            settings.put("ca_file", ca.toString());
        });
        return new Opening(uri.toString(), Map.copyOf(settings), null, timeout);
    }
}
